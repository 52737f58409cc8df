#include "emulator/containers/container.hpp"

#include "emulator/containers/builtin.hpp"

namespace smp::emulator {

std::string InvocationOutput::joined_stream() const {
  std::size_t total = 0;
  for (const auto& record : stream_records)
    total += record.size();
  std::string joined;
  joined.reserve(total);
  for (const auto& record : stream_records)
    joined += record;
  return joined;
}

const std::vector<std::string_view>& container_kinds() {
  static const std::vector<std::string_view> kinds = {
      "vllm",           "lmi",       "tgi",     "tei",   "bge-m3", "flag-reranker",
      "qwen3-reranker", "cosyvoice", "whisper", "funasr"};
  return kinds;
}

namespace {

// Copies the settings a config gave as strings in `extra` into their typed fields.
Result<ContainerOptions> typed_options(ContainerOptions options) {
  const auto bad = [](std::string_view key, std::string_view value) {
    return fail(
        ErrorKind::invalid_argument, "InvalidContainerSetting",
        "container setting " + std::string(key) + ": '" + std::string(value) + "' is not valid");
  };
  for (const auto& [key, value] : options.extra) {
    if (key == "task") {
      if (value != "embed" && value != "rerank" && !value.empty()) return bad(key, value);
      options.task = value;
    } else if (key == "model_id") {
      options.model_id = value;
    } else if (key == "reasoning_field") {
      if (value != "reasoning" && value != "reasoning_content") return bad(key, value);
      options.reasoning_field = value;
    } else if (key == "lmi_output_formatter") {
      if (value != "jsonlines" && value != "sse") return bad(key, value);
      options.lmi_output_formatter = value;
    } else if (key == "lmi_tgi_compat") {
      if (value != "true" && value != "false") return bad(key, value);
      options.lmi_tgi_compat = value == "true";
    } else if (key == "cosyvoice_model_dir" || key == "model_dir") {
      options.cosyvoice_model_dir = value;
    } else if (key == "output_bucket") {
      options.output_bucket = value;
    } else if (key == "tts_format") {
      if (value != "mp3" && value != "wav") return bad(key, value);
      options.tts_format = value;
    } else if (key == "embedding_dimensions" || key == "max_client_batch_size" ||
               key == "max_input_tokens") {
      const auto count = builtin::parse_count(value);
      if (!count || *count == 0 || *count > 65536) return bad(key, value);
      (key == "embedding_dimensions"    ? options.embedding_dimensions
       : key == "max_client_batch_size" ? options.max_client_batch_size
                                        : options.max_input_tokens) = *count;
    }
  }
  return options;
}

}  // namespace

Result<std::unique_ptr<Container>> make_container(std::string_view kind,
                                                  const ContainerOptions& given) {
  auto options = typed_options(given);
  if (!options) return std::unexpected(options.error());
  using Factory = std::unique_ptr<Container> (*)(const ContainerOptions&);
  static const std::pair<std::string_view, Factory> factories[] = {
      {"vllm", builtin::make_vllm},
      {"lmi", builtin::make_lmi},
      {"tgi", builtin::make_tgi},
      {"tei", builtin::make_tei},
      {"bge-m3", builtin::make_bge_m3},
      {"flag-reranker", builtin::make_flag_reranker},
      {"qwen3-reranker", builtin::make_qwen3_reranker},
      {"cosyvoice", builtin::make_cosyvoice},
      {"whisper", builtin::make_whisper},
      {"funasr", builtin::make_funasr},
  };
  for (const auto& [name, factory] : factories) {
    if (name == kind) return factory(*options);
  }
  return fail(ErrorKind::invalid_argument, "UnknownContainer",
              "unknown container kind '" + std::string(kind) + "'");
}

}  // namespace smp::emulator
