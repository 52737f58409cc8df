#include "emulator/containers/container.hpp"

#include <array>

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
                                                  const ContainerOptions& /*options*/) {
  return fail(ErrorKind::invalid_argument, "UnknownContainer",
              "unknown container kind '" + std::string(kind) + "'");
}

}  // namespace smp::emulator
