// bge-m3 under a DJL custom handler (user-needs §2.6, the Dify docs' notebook):
// {"inputs": [...], "is_query", "instruction", "max_length"} → {"embeddings": [[…]]}, written by
// DJL's Output.add_as_json (two-space indent, "," and ":" separators, UTF-8 kept). The
// instruction is prepended only when is_query is true and the instruction is not empty.
#include <boost/json.hpp>

#include "emulator/containers/builtin.hpp"
#include "emulator/containers/embedding.hpp"
#include "emulator/containers/json_writer.hpp"
#include "emulator/containers/text_tokens.hpp"

namespace smp::emulator::builtin {
namespace {

namespace json = boost::json;

class BgeM3Container final : public Container {
 public:
  explicit BgeM3Container(const ContainerOptions& options) : options_(options) {}

  std::string_view kind() const override { return "bge-m3"; }

  InvocationOutput invoke(const InvocationInput& input, ContainerContext&) const override {
    auto parsed = parse_json(input.body);
    if (!parsed) return djl_handler_error(parsed.error().python_message());
    if (!parsed->is_object())
      return djl_handler_error("list indices must be integers or slices, not str");
    const json::object& body = parsed->as_object();
    const json::value* inputs = body.if_contains("inputs");
    if (!inputs) return djl_handler_error("'inputs'");
    std::string prefix;
    const json::value* is_query = body.if_contains("is_query");
    const json::value* instruction = body.if_contains("instruction");
    if (is_query && is_query->is_bool() && is_query->as_bool() && instruction &&
        instruction->is_string() && !instruction->as_string().empty()) {
      prefix = std::string(instruction->as_string());
    }
    std::size_t max_length = 8192;
    if (const json::value* max = body.if_contains("max_length");
        max && max->is_int64() && max->as_int64() > 0) {
      max_length = static_cast<std::size_t>(max->as_int64());
    }
    const auto embed = [&](std::string_view text) {
      std::string seen = prefix + std::string(text);
      if (count_tokens(seen) > max_length) {
        std::string cut;
        std::size_t n = 0;
        for (auto& token : tokenize(seen)) {
          if (n++ == max_length) break;
          cut += token;
        }
        seen = std::move(cut);
      }
      return hashed_embedding(seen, options_.embedding_dimensions);
    };
    JsonWriter out(JsonStyle::djl_output());
    out.begin_object().key("embeddings");
    const auto write_vector = [&](const std::vector<float>& vector) {
      out.begin_array();
      for (float v : vector)
        out.number(v);
      out.end_array();
    };
    if (inputs->is_string()) {
      write_vector(embed(inputs->as_string()));  // encode(str) gives one vector, not a batch
    } else if (inputs->is_array()) {
      out.begin_array();
      for (const auto& item : inputs->as_array()) {
        if (!item.is_string()) return djl_handler_error("expected string or bytes-like object");
        write_vector(embed(item.as_string()));
      }
      out.end_array();
    } else {
      return djl_handler_error("expected string or bytes-like object");
    }
    out.end_object();
    return json_answer(200, out.take());
  }

 private:
  ContainerOptions options_;
};

}  // namespace

std::unique_ptr<Container> make_bge_m3(const ContainerOptions& options) {
  return std::make_unique<BgeM3Container>(options);
}

}  // namespace smp::emulator::builtin
