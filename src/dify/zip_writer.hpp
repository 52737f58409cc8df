#pragma once
// A small ZIP writer (PKWARE APPNOTE 6.3: local headers, deflate or stored entries, central
// directory, end record with a comment) for the .difypkg, which Go's archive/zip reads. No ZIP64:
// the daemon caps packages at 50 MiB. Timestamps are fixed, so the same inputs give the same
// bytes (and the same checksum).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace smp::dify {

struct ZipEntry {
  std::string path;  // forward slashes, no leading "./" or "/"
  std::string bytes;
  std::uint32_t mode = 0644;  // Unix permissions recorded in the external attributes
};

// Deflates entries that shrink, stores the others. invalid_argument for bad paths, duplicate
// paths or sizes beyond the classic format.
Result<std::string> write_zip(const std::vector<ZipEntry>& entries, std::string_view comment = {});

// Reads back entries (path + uncompressed bytes) and the comment of an archive written by
// write_zip or any zip tool (stored or deflated, no ZIP64). For tests and `package --verify`.
struct ZipContents {
  std::vector<ZipEntry> entries;  // central-directory order
  std::string comment;
};
Result<ZipContents> read_zip(std::string_view archive);

}  // namespace smp::dify
