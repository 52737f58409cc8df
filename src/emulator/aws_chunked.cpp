#include "emulator/aws_chunked.hpp"

#include <charconv>

namespace smp::emulator {

std::optional<AwsChunkedBody> decode_aws_chunked(std::string_view body) {
  AwsChunkedBody out;
  while (true) {
    const auto line_end = body.find("\r\n");
    if (line_end == std::string_view::npos) return std::nullopt;
    std::string_view size_text = body.substr(0, line_end);
    if (const auto semi = size_text.find(';'); semi != std::string_view::npos)
      size_text = size_text.substr(0, semi);
    std::size_t size = 0;
    const auto [end, ec] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc() || end != size_text.data() + size_text.size() || size_text.empty())
      return std::nullopt;
    body.remove_prefix(line_end + 2);
    if (size == 0) break;
    if (size > body.size() || body.size() - size < 2 || body.substr(size, 2) != "\r\n")
      return std::nullopt;
    out.data.append(body.substr(0, size));
    body.remove_prefix(size + 2);
  }
  // Trailer lines until an empty line (or the end: some clients omit the final CRLF).
  while (!body.empty()) {
    const auto line_end = body.find("\r\n");
    const std::string_view line = body.substr(0, line_end);
    body = line_end == std::string_view::npos ? std::string_view{} : body.substr(line_end + 2);
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
      value.remove_prefix(1);
    out.trailers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return out;
}

}  // namespace smp::emulator
