#include "gateway/multipart.hpp"

#include <cctype>

#include "base/http_message.hpp"
#include "gateway/openai_error.hpp"

namespace smp::gateway {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The value of `key` in a header's parameters (`form-data; name="file"; filename=a.wav`),
// quotes and backslash escapes removed. Quoted values may contain ';'.
std::optional<std::string> parameter(std::string_view header, std::string_view key) {
  std::size_t i = header.find(';');
  if (i == std::string_view::npos) return std::nullopt;
  ++i;
  const std::size_t size = header.size();
  while (i < size) {
    while (i < size && (header[i] == ' ' || header[i] == '\t'))
      ++i;
    const std::size_t name_start = i;
    while (i < size && header[i] != '=' && header[i] != ';')
      ++i;
    const auto name = trim(header.substr(name_start, i - name_start));
    std::string value;
    if (i < size && header[i] == '=') {
      ++i;
      while (i < size && header[i] == ' ')
        ++i;
      if (i < size && header[i] == '"') {
        for (++i; i < size && header[i] != '"'; ++i) {
          if (header[i] == '\\' && i + 1 < size) ++i;
          value += header[i];
        }
        while (i < size && header[i] != ';')
          ++i;
      } else {
        const std::size_t value_start = i;
        while (i < size && header[i] != ';')
          ++i;
        value = std::string(trim(header.substr(value_start, i - value_start)));
      }
    }
    if (iequals(name, key)) return value;
    if (i < size) ++i;  // the ';'
  }
  return std::nullopt;
}

Error bad(std::string what) {
  return request_error("The multipart body is malformed: " + what + ".", "file",
                       "invalid_multipart");
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  if (!iequals(trim(content_type.substr(0, semicolon)), "multipart/form-data")) return std::nullopt;
  auto boundary = parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) return std::nullopt;
  return boundary;
}

Result<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  std::vector<FormPart> parts;
  // The first delimiter may be preceded by a preamble; later ones always follow CRLF.
  std::size_t pos = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
  if (pos == std::string_view::npos) return fail(bad("no boundary line"));
  if (pos != 0) pos += 2;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    const auto line_end = body.find("\r\n", pos);
    if (line_end == std::string_view::npos) return fail(bad("a boundary line does not end"));
    pos = line_end + 2;
    const auto headers_end = body.find("\r\n\r\n", pos);
    FormPart part;
    if (body.substr(pos, 2) == "\r\n") {
      pos += 2;  // a part without headers
    } else {
      if (headers_end == std::string_view::npos) return fail(bad("part headers do not end"));
      std::string_view headers = body.substr(pos, headers_end - pos);
      while (!headers.empty()) {
        const auto eol = headers.find("\r\n");
        std::string_view line = headers.substr(0, eol);
        headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return fail(bad("a part header has no colon"));
        const auto name = trim(line.substr(0, colon));
        const auto value = trim(line.substr(colon + 1));
        if (iequals(name, "Content-Disposition")) {
          part.name = parameter(value, "name").value_or("");
          part.filename = parameter(value, "filename").value_or("");
        } else if (iequals(name, "Content-Type")) {
          part.content_type = std::string(value);
        }
      }
      pos = headers_end + 4;
    }
    const auto next = body.find("\r\n" + delimiter, pos);
    if (next == std::string_view::npos) return fail(bad("the closing boundary is missing"));
    part.body = body.substr(pos, next - pos);
    parts.push_back(std::move(part));
    if (parts.size() > 64) return fail(bad("more than 64 parts"));
    pos = next + 2;
  }
}

}  // namespace smp::gateway
