#include "aws/ini.hpp"

#include <algorithm>
#include <cctype>

namespace smp::aws {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Cuts an inline comment: '#' or ';' preceded by whitespace. A '#' glued to text is data
// ("abc#def"), which keeps values such as URLs with fragments intact.
std::string_view strip_inline_comment(std::string_view s) {
  for (size_t i = 1; i < s.size(); ++i) {
    if ((s[i] == '#' || s[i] == ';') && is_space(s[i - 1])) return trim(s.substr(0, i));
  }
  return s;
}

bool is_comment(std::string_view trimmed) {
  return !trimmed.empty() && (trimmed.front() == '#' || trimmed.front() == ';');
}

Error line_error(std::string_view source, size_t line, std::string_view what) {
  Error e =
      Error::make(ErrorKind::invalid_argument, "InvalidConfigFile",
                  std::string(source) + " line " + std::to_string(line) + ": " + std::string(what));
  e.with_detail("file", std::string(source)).with_detail("line", std::to_string(line));
  return e;
}

}  // namespace

Result<IniDocument> parse_ini(std::string_view text, std::string_view source_name) {
  if (text.size() > kMaxIniBytes) {
    return fail(ErrorKind::invalid_argument, "InvalidConfigFile",
                std::string(source_name) + " is larger than " + std::to_string(kMaxIniBytes) +
                    " bytes; it is not an AWS config file");
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 BOM from Windows editors

  IniDocument doc;
  IniSection* section = nullptr;
  IniProperty* last_property = nullptr;  // the property an indented line continues
  size_t line_number = 0;

  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;

    const std::string_view line = trim(raw);
    if (line.empty() || is_comment(line)) continue;

    if (line.front() == '[') {
      const size_t close = line.find(']');
      if (close == std::string_view::npos) {
        return fail(line_error(source_name, line_number, "section header has no closing ']'"));
      }
      const std::string_view after = trim(line.substr(close + 1));
      if (!after.empty() && !is_comment(after)) {
        return fail(
            line_error(source_name, line_number, "unexpected text after the section header's ']'"));
      }
      const std::string_view name = trim(line.substr(1, close - 1));
      if (name.empty()) {
        return fail(line_error(source_name, line_number, "section header has an empty name"));
      }
      doc.sections.push_back(IniSection{std::string(name), line_number, {}});
      section = &doc.sections.back();
      last_property = nullptr;
      continue;
    }

    const bool indented = is_space(raw.front());
    if (indented && last_property != nullptr) {
      const std::string_view content = strip_inline_comment(line);
      const size_t eq = content.find('=');
      const bool in_sub_section = !last_property->sub_properties.empty();
      if (in_sub_section || (last_property->value.empty() && eq != std::string_view::npos)) {
        if (eq == std::string_view::npos) {
          return fail(line_error(source_name, line_number,
                                 "expected 'key = value' inside the sub-section"));
        }
        const std::string_view key = trim(content.substr(0, eq));
        if (key.empty()) {
          return fail(line_error(source_name, line_number, "sub-section property has no name"));
        }
        last_property->sub_properties.emplace_back(lower(key),
                                                   std::string(trim(content.substr(eq + 1))));
      } else {
        if (!last_property->value.empty()) last_property->value += '\n';
        last_property->value += content;
      }
      continue;
    }

    if (section == nullptr) {
      return fail(line_error(source_name, line_number,
                             "property outside any [section]; add a header such as [default]"));
    }
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return fail(line_error(source_name, line_number, "expected 'key = value'"));
    }
    const std::string_view key = trim(line.substr(0, eq));
    if (key.empty()) {
      return fail(line_error(source_name, line_number, "property has no name before '='"));
    }
    IniProperty property;
    property.value = std::string(strip_inline_comment(trim(line.substr(eq + 1))));
    property.line = line_number;
    auto [it, inserted] = section->properties.insert_or_assign(lower(key), std::move(property));
    (void)inserted;
    last_property = &it->second;
  }
  return doc;
}

}  // namespace smp::aws
