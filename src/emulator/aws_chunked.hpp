#pragma once
// Decoding of S3's `aws-chunked` content encoding (x-amz-content-sha256: STREAMING-…): the SDKs
// send uploads as "<hex size>[;chunk-signature=…]\r\n<bytes>\r\n…0\r\n[trailer lines]\r\n".
// Input is untrusted (fuzz/fuzz_aws_chunked.cpp).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smp::emulator {

struct AwsChunkedBody {
  std::string data;
  std::vector<std::pair<std::string, std::string>> trailers;  // "x-amz-checksum-crc32: …"
};

// nullopt when the framing is broken (bad size, missing CRLF, truncated data).
std::optional<AwsChunkedBody> decode_aws_chunked(std::string_view body);

}  // namespace smp::emulator
