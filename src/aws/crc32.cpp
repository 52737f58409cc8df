#include "aws/crc32.hpp"

#include <zlib.h>

namespace smp::aws {

std::uint32_t crc32(std::string_view bytes, std::uint32_t crc) {
  // zlib's implementation is table-driven and processes several bytes per step ("braided"), which
  // is fast enough that the event-stream decoder is bound by memory bandwidth, not by the CRC.
  // crc32_z takes a size_t length, so no chunking is needed for large inputs.
  return static_cast<std::uint32_t>(
      ::crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

}  // namespace smp::aws
