#include "dify/zip_writer.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <set>

namespace smp::dify {

namespace {

constexpr std::uint16_t kDosTime = 0;                        // 00:00:00
constexpr std::uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01

void put16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>(v >> 8);
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v & 0xffff));
  put16(out, static_cast<std::uint16_t>(v >> 16));
}
std::uint16_t get16(std::string_view s, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) |
                                    (static_cast<unsigned char>(s[at + 1]) << 8));
}
std::uint32_t get32(std::string_view s, std::size_t at) {
  return get16(s, at) | (static_cast<std::uint32_t>(get16(s, at + 2)) << 16);
}

Error bad(std::string message) {
  return Error::make(ErrorKind::invalid_argument, "InvalidZip", std::move(message));
}

Result<std::string> deflate_raw(std::string_view in) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    return fail(ErrorKind::internal, "ZlibError", "deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return fail(ErrorKind::internal, "ZlibError", "deflate failed");
  return out;
}

Result<std::string> inflate_raw(std::string_view in, std::size_t size) {
  std::string out(size, '\0');
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) return fail(bad("inflateInit2 failed"));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  const auto produced = z.total_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END || produced != size) return fail(bad("corrupt deflate data"));
  return out;
}

}  // namespace

Result<std::string> write_zip(const std::vector<ZipEntry>& entries, std::string_view comment) {
  if (comment.size() > 0xffff) return fail(bad("zip comment too long"));
  std::string out;
  std::string central;
  std::set<std::string_view> seen;
  for (const auto& e : entries) {
    if (e.path.empty() || e.path.front() == '/' || e.path.starts_with("./") ||
        e.path.find('\\') != std::string::npos || e.path.find("..") != std::string::npos ||
        e.path.size() > 0xffff)
      return fail(bad(fmt::format("bad entry path '{}'", e.path)));
    if (!seen.insert(e.path).second) return fail(bad(fmt::format("duplicate entry '{}'", e.path)));
    if (e.bytes.size() >= 0xffffffffu || out.size() >= 0xffffffffu)
      return fail(bad("archive too large for the classic zip format"));
    const auto crc = static_cast<std::uint32_t>(crc32(
        0, reinterpret_cast<const Bytef*>(e.bytes.data()), static_cast<uInt>(e.bytes.size())));
    auto packed = deflate_raw(e.bytes);
    if (!packed) return fail(packed.error());
    const bool deflated = packed->size() < e.bytes.size();
    const std::string_view data = deflated ? std::string_view(*packed) : std::string_view(e.bytes);
    const std::uint16_t method = deflated ? 8 : 0;
    const auto offset = static_cast<std::uint32_t>(out.size());
    // Local file header.
    put32(out, 0x04034b50);
    put16(out, 20);      // version needed: 2.0 (deflate)
    put16(out, 0x0800);  // flags: UTF-8 names
    put16(out, method);
    put16(out, kDosTime);
    put16(out, kDosDate);
    put32(out, crc);
    put32(out, static_cast<std::uint32_t>(data.size()));
    put32(out, static_cast<std::uint32_t>(e.bytes.size()));
    put16(out, static_cast<std::uint16_t>(e.path.size()));
    put16(out, 0);
    out += e.path;
    out += data;
    // Central directory record.
    put32(central, 0x02014b50);
    put16(central, (3 << 8) | 20);  // made by: Unix, 2.0
    put16(central, 20);
    put16(central, 0x0800);
    put16(central, method);
    put16(central, kDosTime);
    put16(central, kDosDate);
    put32(central, crc);
    put32(central, static_cast<std::uint32_t>(data.size()));
    put32(central, static_cast<std::uint32_t>(e.bytes.size()));
    put16(central, static_cast<std::uint16_t>(e.path.size()));
    put16(central, 0);                                    // extra
    put16(central, 0);                                    // comment
    put16(central, 0);                                    // disk
    put16(central, 0);                                    // internal attributes
    put32(central, (0100000u | (e.mode & 0777u)) << 16);  // regular file + permissions
    put32(central, offset);
    central += e.path;
  }
  if (entries.size() > 0xffff) return fail(bad("too many entries"));
  const auto central_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<std::uint16_t>(entries.size()));
  put16(out, static_cast<std::uint16_t>(entries.size()));
  put32(out, static_cast<std::uint32_t>(central.size()));
  put32(out, central_offset);
  put16(out, static_cast<std::uint16_t>(comment.size()));
  out += comment;
  return out;
}

Result<ZipContents> read_zip(std::string_view a) {
  // The end record: the last "PK\5\6" whose comment length reaches the end of the archive.
  if (a.size() < 22) return fail(bad("too short to be a zip archive"));
  std::size_t eocd = std::string_view::npos;
  const std::size_t lowest = a.size() > 22 + 0xffff ? a.size() - 22 - 0xffff : 0;
  for (std::size_t at = a.size() - 22 + 1; at-- > lowest;) {
    if (get32(a, at) == 0x06054b50 && at + 22 + get16(a, at + 20) == a.size()) {
      eocd = at;
      break;
    }
  }
  if (eocd == std::string_view::npos) return fail(bad("no end of central directory record"));
  ZipContents out;
  const std::size_t count = get16(a, eocd + 10);
  std::size_t at = get32(a, eocd + 16);
  out.comment = std::string(a.substr(eocd + 22, get16(a, eocd + 20)));
  for (std::size_t i = 0; i < count; ++i) {
    if (at + 46 > eocd || get32(a, at) != 0x02014b50) return fail(bad("corrupt central directory"));
    const std::uint16_t method = get16(a, at + 10);
    const std::uint32_t crc = get32(a, at + 16);
    const std::size_t packed = get32(a, at + 20);
    const std::size_t size = get32(a, at + 24);
    const std::size_t name_len = get16(a, at + 28);
    const std::size_t extra_len = get16(a, at + 30);
    const std::size_t comment_len = get16(a, at + 32);
    const std::uint32_t attributes = get32(a, at + 38);
    const std::size_t local = get32(a, at + 42);
    if (at + 46 + name_len > eocd) return fail(bad("corrupt central directory"));
    ZipEntry entry;
    entry.path = std::string(a.substr(at + 46, name_len));
    entry.mode = (attributes >> 16) & 0777u;
    if (local + 30 > a.size() || get32(a, local) != 0x04034b50)
      return fail(bad(fmt::format("corrupt local header for {}", entry.path)));
    const std::size_t data_at = local + 30 + get16(a, local + 26) + get16(a, local + 28);
    if (data_at + packed > a.size())
      return fail(bad(fmt::format("truncated entry {}", entry.path)));
    const auto data = a.substr(data_at, packed);
    if (method == 0) {
      if (packed != size)
        return fail(bad(fmt::format("stored entry {} has two sizes", entry.path)));
      entry.bytes = std::string(data);
    } else if (method == 8) {
      if (size > 512u * 1024 * 1024)
        return fail(bad(fmt::format("entry {} too large", entry.path)));
      auto inflated = inflate_raw(data, size);
      if (!inflated) return fail(inflated.error());
      entry.bytes = std::move(*inflated);
    } else {
      return fail(bad(fmt::format("entry {} uses compression method {}", entry.path, method)));
    }
    const auto actual =
        static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(entry.bytes.data()),
                                         static_cast<uInt>(entry.bytes.size())));
    if (actual != crc) return fail(bad(fmt::format("CRC mismatch in {}", entry.path)));
    out.entries.push_back(std::move(entry));
    at += 46 + name_len + extra_len + comment_len;
  }
  return out;
}

}  // namespace smp::dify
