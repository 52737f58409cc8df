#include "aws/eventstream_message.hpp"

namespace smp::aws::eventstream {

HeaderType type_of(const HeaderValue& value) {
  struct Visitor {
    HeaderType operator()(bool b) const {
      return b ? HeaderType::bool_true : HeaderType::bool_false;
    }
    HeaderType operator()(std::int8_t) const { return HeaderType::byte; }
    HeaderType operator()(std::int16_t) const { return HeaderType::int16; }
    HeaderType operator()(std::int32_t) const { return HeaderType::int32; }
    HeaderType operator()(std::int64_t) const { return HeaderType::int64; }
    HeaderType operator()(const ByteArray&) const { return HeaderType::byte_array; }
    HeaderType operator()(std::string_view) const { return HeaderType::string; }
    HeaderType operator()(const Timestamp&) const { return HeaderType::timestamp; }
    HeaderType operator()(const Uuid&) const { return HeaderType::uuid; }
  };
  return std::visit(Visitor{}, value);
}

const Header* Message::find(std::string_view name) const {
  for (const Header& header : headers) {
    if (header.name == name) return &header;
  }
  return nullptr;
}

std::optional<std::string_view> Message::string_header(std::string_view name) const {
  const Header* header = find(name);
  if (header == nullptr) return std::nullopt;
  if (const auto* text = std::get_if<std::string_view>(&header->value)) return *text;
  return std::nullopt;
}

}  // namespace smp::aws::eventstream
