#include "dify/package_files.hpp"

namespace smp::dify {

std::optional<std::string_view> package_file(std::string_view path) {
  for (const auto& file : package_files()) {
    if (file.path == path) return file.bytes;
  }
  return std::nullopt;
}

}  // namespace smp::dify
