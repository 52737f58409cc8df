#pragma once
// The files of packaging/dify/ (manifest, provider declaration, icons, README, PRIVACY, the
// requirements file and the Python shim), compiled into the binary at build time: the remote
// runtime declares from them and `package` writes them into the .difypkg, so there is one source
// of truth and nothing to find next to the binary.
#include <optional>
#include <string_view>
#include <vector>

namespace smp::dify {

struct PackageFile {
  std::string_view path;  // as inside the package: "manifest.yaml", "_assets/icon_s_en.svg"
  std::string_view bytes;
};

const std::vector<PackageFile>& package_files();

// The bytes of one embedded file, or nullopt.
std::optional<std::string_view> package_file(std::string_view path);

}  // namespace smp::dify
