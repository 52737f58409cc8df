#include "cli/body_argument.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace smp::cli {

Result<std::string> read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::invalid_argument, "UnreadableFile",
                fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

Result<std::string> read_body_argument(std::string_view argument) {
  if (argument == "-") {
    std::ostringstream bytes;
    bytes << std::cin.rdbuf();
    return std::move(bytes).str();
  }
  if (argument.starts_with('@')) return read_file_bytes(std::string(argument.substr(1)));
  return std::string(argument);
}

}  // namespace smp::cli
