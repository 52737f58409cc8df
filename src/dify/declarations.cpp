#include "dify/declarations.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <boost/json/array.hpp>
#include <charconv>
#include <regex>
#include <set>

#include "dify/package_files.hpp"
#include "dify/protocol.hpp"

namespace smp::dify {

namespace json = boost::json;

namespace {

json::value scalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  // Quoted scalars carry the tag "!"; plain ones "?" (to be resolved by the core schema).
  if (node.Tag() == "!") return json::string(text);
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
    return nullptr;
  static const std::regex integer(R"(^[-+]?[0-9]+$)");
  static const std::regex real(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
  if (std::regex_match(text, integer)) {
    std::int64_t v = 0;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(begin, text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size()) return v;
  }
  if (std::regex_match(text, real)) {
    // A number JSON cannot hold (1e999) stays text rather than becoming infinity.
    double v = 0;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(begin, text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size()) return v;
  }
  return json::string(text);
}

json::value convert(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar(node);
    case YAML::NodeType::Sequence: {
      json::array a;
      for (const auto& item : node)
        a.push_back(convert(item));
      return a;
    }
    case YAML::NodeType::Map: {
      json::object o;
      for (const auto& kv : node)
        o[kv.first.as<std::string>()] = convert(kv.second);
      return o;
    }
  }
  return nullptr;
}

Result<json::object> embedded_object(std::string_view path) {
  auto bytes = package_file(path);
  if (!bytes)
    return fail(ErrorKind::internal, "MissingDeclaration", fmt::format("{} is not embedded", path));
  auto value = yaml_to_json(*bytes);
  if (!value) return fail(value.error());
  if (!value->is_object())
    return fail(ErrorKind::internal, "InvalidDeclaration",
                fmt::format("{} is not a mapping", path));
  return std::move(value->get_object());
}

void collect_icons(const json::object& o, std::initializer_list<std::string_view> keys,
                   std::set<std::string>& out) {
  for (auto key : keys) {
    auto it = o.find(key);
    if (it == o.end()) continue;
    if (it->value().is_string() && !it->value().get_string().empty())
      out.emplace(it->value().get_string());
    if (it->value().is_object())
      for (const auto& [lang, name] : it->value().get_object())
        if (name.is_string() && !name.get_string().empty()) out.emplace(name.get_string());
  }
}

std::string base64(std::string_view in) {
  static constexpr char table[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += table[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += i + 1 < in.size() ? table[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string register_line(std::string_view type, json::value data) {
  json::object o;
  o["type"] = type;
  o["data"] = std::move(data);
  return render_line(o);
}

}  // namespace

Result<json::value> yaml_to_json(std::string_view yaml) {
  try {
    return convert(YAML::Load(std::string(yaml)));
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::invalid_argument, "InvalidYaml", e.what());
  }
}

Result<Declarations> load_declarations() {
  Declarations d;
  auto manifest = embedded_object("manifest.yaml");
  if (!manifest) return fail(manifest.error());
  d.manifest = std::move(*manifest);
  auto provider = embedded_object("provider/sagemaker.yaml");
  if (!provider) return fail(provider.error());
  d.provider = std::move(*provider);
  d.provider.erase("extra");  // Python SDK only
  d.provider["models"] = json::array{};
  if (!d.provider.contains("description") && d.manifest.contains("description"))
    d.provider["description"] = d.manifest["description"];
  return d;
}

std::string handshake_line(std::string_view key) {
  json::object data;
  data["key"] = key;
  return register_line("handshake", std::move(data));
}

Result<std::vector<std::string>> registration_lines(const Declarations& d) {
  std::vector<std::string> lines;
  lines.push_back(register_line("manifest_declaration", d.manifest));
  json::array providers;
  providers.push_back(d.provider);
  lines.push_back(register_line("model_declaration", std::move(providers)));
  std::set<std::string> icons;
  collect_icons(d.manifest, {"icon", "icon_dark"}, icons);
  collect_icons(d.provider, {"icon_small", "icon_large", "icon_small_dark", "icon_large_dark"},
                icons);
  for (const auto& name : icons) {
    auto bytes = package_file("_assets/" + name);
    if (!bytes)
      return fail(
          ErrorKind::internal, "MissingAsset",
          fmt::format("the declarations name icon {} but _assets/{} is not embedded", name, name));
    constexpr std::size_t kChunk = 8192;
    for (std::size_t at = 0; at < bytes->size() || at == 0; at += kChunk) {
      json::object chunk;
      chunk["filename"] = name;
      chunk["data"] = base64(bytes->substr(at, kChunk));
      chunk["end"] = at + kChunk >= bytes->size();
      lines.push_back(register_line("asset_chunk", std::move(chunk)));
      if (bytes->empty()) break;
    }
  }
  lines.push_back(register_line("end", json::object{}));
  return lines;
}

}  // namespace smp::dify
