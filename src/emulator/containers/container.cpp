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

Result<std::unique_ptr<Container>> make_container(std::string_view kind,
                                                  const ContainerOptions& options) {
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
    if (name == kind) return factory(options);
  }
  return fail(ErrorKind::invalid_argument, "UnknownContainer",
              "unknown container kind '" + std::string(kind) + "'");
}

}  // namespace smp::emulator
