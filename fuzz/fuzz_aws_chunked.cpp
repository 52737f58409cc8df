// S3 `aws-chunked` upload bodies (x-amz-content-sha256: STREAMING-…) on untrusted bytes.
// Oracle beyond "no crash": a body we frame ourselves decodes back to the same bytes.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "emulator/aws_chunked.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto decoded = smp::emulator::decode_aws_chunked(input)) {
    if (decoded->data.size() > input.size()) std::abort();
  }
  // Frame the input ourselves in chunks of its first byte's size and decode it back.
  const std::size_t chunk = size ? (data[0] % 17) + 1 : 1;
  std::string framed;
  for (std::size_t offset = 0; offset < size; offset += chunk) {
    const auto piece = input.substr(offset, chunk);
    char line[32];
    std::snprintf(line, sizeof line, "%zx;chunk-signature=00\r\n", piece.size());
    framed += line;
    framed.append(piece);
    framed += "\r\n";
  }
  framed += "0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
  const auto round_trip = smp::emulator::decode_aws_chunked(framed);
  if (!round_trip || round_trip->data != input || round_trip->trailers.size() != 1) std::abort();
  return 0;
}
