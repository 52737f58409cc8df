#pragma once
// Text helpers for the XML the emulator writes (STS and S3 responses).
#include <string>
#include <string_view>

namespace smp::emulator {

// Escapes &, <, >, " and ' for element text and attribute values. Bytes XML 1.0 cannot carry
// (control characters, invalid UTF-8: they can come from percent-decoded request input) become
// U+FFFD, so the document always parses.
std::string xml_escape(std::string_view text);

// `text` with invalid UTF-8 sequences replaced by U+FFFD (JSON and XML need valid UTF-8).
std::string valid_utf8(std::string_view text);

// S3's x-amz-id-2 / <HostId>: an opaque base64 string; derived from the request id so one
// request's headers and body agree.
std::string s3_host_id(std::string_view request_id);

}  // namespace smp::emulator
