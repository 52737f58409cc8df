// `sagemaker-provider package --output FILE.difypkg [--sign KEY.pem]`: the package the Dify plugin
// daemon installs, with this very binary as the amd64 (or arm64) runtime. Prints the checksum and
// the identity the daemon computes (dify-plugin-protocol.md §7.2).
#include <sys/utsname.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "cli/body_argument.hpp"
#include "cli/command.hpp"
#include "cli/error_report.hpp"
#include "dify/difypkg.hpp"

namespace smp::cli {

namespace {

struct PackageFlags {
  std::string output;
  std::string sign_key;
  std::string category = "community";
  std::string binary;        // default: this executable
  std::string arm64_binary;  // optional second architecture
  bool bundle_libraries = true;
  bool strip = true;
  bool allow_oversize = false;
};

std::string machine_arch() {
  utsname u{};
  ::uname(&u);
  const std::string m = u.machine;
  if (m == "aarch64" || m == "arm64") return "arm64";
  return "amd64";
}

// The shared libraries `binary` loads that a stock Ubuntu 24.04 daemon image may lack (Boost,
// yaml-cpp, fmt, spdlog, ...): everything ldd resolves except the C and C++ runtimes, which the
// image has in newer, compatible versions.
std::vector<std::string> bundled_libraries(const std::string& binary) {
  static const std::set<std::string> system = {
      "linux-vdso.so.1",       "libc.so.6",      "libm.so.6",
      "libpthread.so.0",       "libdl.so.2",     "librt.so.1",
      "libgcc_s.so.1",         "libstdc++.so.6", "ld-linux-x86-64.so.2",
      "ld-linux-aarch64.so.1", "libresolv.so.2"};
  std::vector<std::string> out;
  const std::string command = "ldd '" + binary + "' 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 1024> line{};
  while (std::fgets(line.data(), line.size(), pipe)) {
    std::string text = line.data();
    const auto arrow = text.find(" => ");
    if (arrow == std::string::npos) continue;
    std::string name = text.substr(0, arrow);
    name.erase(0, name.find_first_not_of(" \t"));
    auto path = text.substr(arrow + 4);
    path = path.substr(0, path.find(" ("));
    if (system.count(name) || path.empty() || path[0] != '/') continue;
    out.push_back(path);
  }
  ::pclose(pipe);
  return out;
}

// The binary without symbols and debug information (`strip`), which would not fit the daemon's
// 50 MiB package limit in a debug build; the original bytes when strip is unavailable.
Result<std::string> runtime_bytes(const std::string& binary, bool strip) {
  if (strip) {
    const auto stripped = std::filesystem::temp_directory_path() /
                          ("smp-package-" + std::to_string(::getpid()) + ".bin");
    const std::string command =
        "strip --strip-all -o '" + stripped.string() + "' '" + binary + "' 2>/dev/null";
    if (std::system(command.c_str()) == 0) {
      auto bytes = read_file_bytes(stripped.string());
      std::filesystem::remove(stripped);
      return bytes;
    }
    std::fprintf(stderr, "package: strip is not available; packaging %s as it is\n",
                 binary.c_str());
  }
  return read_file_bytes(binary);
}

Result<void> add_runtime(std::vector<dify::ZipEntry>& files, const std::string& arch,
                         const std::string& binary, bool bundle, bool strip) {
  auto bytes = runtime_bytes(binary, strip);
  if (!bytes) return fail(bytes.error());
  files.push_back({"bin/" + arch + "/sagemaker-provider", std::move(*bytes), 0755});
  if (!bundle) return {};
  for (const auto& lib : bundled_libraries(binary)) {
    auto lib_bytes = read_file_bytes(lib);
    if (!lib_bytes) return fail(lib_bytes.error());
    files.push_back({"bin/" + arch + "/lib/" + std::filesystem::path(lib).filename().string(),
                     std::move(*lib_bytes), 0644});
  }
  return {};
}

int run_package(const PackageFlags& f) {
  dify::PackageRequest request;
  std::string binary = f.binary;
  if (binary.empty()) binary = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string arch = f.arm64_binary.empty() ? machine_arch() : "amd64";
  if (auto r = add_runtime(request.extra_files, arch, binary, f.bundle_libraries, f.strip); !r)
    return report_error(r.error());
  if (!f.arm64_binary.empty()) {
    if (auto r = add_runtime(request.extra_files, "arm64", f.arm64_binary, false, f.strip); !r)
      return report_error(r.error());
  }
  if (!f.sign_key.empty()) {
    auto pem = read_file_bytes(f.sign_key);
    if (!pem) return report_error(pem.error());
    dify::PackageSigning signing;
    signing.private_key_pem = std::move(*pem);
    signing.category = f.category;
    request.signing = std::move(signing);
  }
  request.allow_oversize = f.allow_oversize;
  auto built = dify::build_package(std::move(request));
  if (!built) return report_error(built.error(), "package");
  std::ofstream out(f.output, std::ios::binary | std::ios::trunc);
  out.write(built->zip.data(), static_cast<std::streamsize>(built->zip.size()));
  out.close();
  if (!out) {
    return report_error(
        Error::make(ErrorKind::invalid_argument, "WriteFailed", "cannot write " + f.output));
  }
  std::printf("package: %s (%zu bytes, %zu uncompressed, %zu files%s)\n", f.output.c_str(),
              built->zip.size(), built->uncompressed_bytes, built->entries.size(),
              f.sign_key.empty() ? ", unsigned" : ", signed");
  std::printf("checksum: %s\n", built->checksum.c_str());
  std::printf("identity: %s\n", built->identity.c_str());
  return exit_ok;
}

}  // namespace

void add_package_command(CLI::App& root, CommandList& commands) {
  auto flags = std::make_shared<PackageFlags>();
  auto* app = root.add_subcommand("package", "Build the .difypkg the Dify plugin daemon installs");
  app->add_option("--output,-o", flags->output, "the package file to write (FILE.difypkg)")
      ->required();
  app->add_option("--sign", flags->sign_key, "sign with this RSA private key (PEM)");
  app->add_flag("--allow-oversize", flags->allow_oversize,
                "write the package even past the daemon's 50 MiB limit (sanitizer builds under "
                "test; the daemon refuses such a package)");
  app->add_option("--category", flags->category,
                  "authorized_category of a signed package: community, partner or langgenius");
  app->add_option(
      "--binary", flags->binary,
      "the runtime to package (default: this executable; use a stripped release build)");
  app->add_option("--arm64-binary", flags->arm64_binary,
                  "also package an arm64 runtime (the main binary is then amd64)");
  app->add_flag("!--no-bundle-libraries", flags->bundle_libraries,
                "do not copy the shared libraries the runtime needs into bin/<arch>/lib");
  app->add_flag("!--no-strip", flags->strip,
                "package the binary as it is (default: without symbols, via strip)");
  commands.push_back({app, [flags] { return run_package(*flags); }});
}

}  // namespace smp::cli
