#pragma once
// Event-stream encoder: headers + payload -> the bytes of one message (aws-wire.md §2.1-2.2).
// The emulator writes InvokeEndpointWithResponseStream bodies with it; tests build vectors with it.
#include <span>
#include <string>
#include <string_view>

#include "aws/eventstream_message.hpp"
#include "base/error.hpp"

namespace smp::aws::eventstream {

// Appends one message to `out`. Fails (ErrorKind::invalid_argument, nothing appended) when a
// header name is empty or longer than 255 bytes, a string or byte-array value is longer than
// 32767 bytes, two headers share a name, or the headers or payload exceed `limits`.
Result<void> encode_message(std::span<const Header> headers, std::string_view payload,
                            std::string& out, const Limits& limits = {});

// The same, returning a new string.
Result<std::string> encode_message(std::span<const Header> headers, std::string_view payload,
                                   const Limits& limits = {});

}  // namespace smp::aws::eventstream
