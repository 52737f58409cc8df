#pragma once
// CRC-32/ISO-HDLC (the zlib / IEEE 802.3 CRC, check value 0xCBF43926 for "123456789"), as the AWS
// event-stream framing uses it (aws-wire.md §2.1). Not CRC-32C.
#include <cstdint>
#include <string_view>

namespace smp::aws {

// The CRC of `bytes`; pass a previous result as `crc` to continue over a longer byte run, so
// crc32(b, crc32(a)) == crc32(a + b).
std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0);

}  // namespace smp::aws
