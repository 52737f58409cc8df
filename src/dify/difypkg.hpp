#pragma once
// The .difypkg the daemon installs (dify-plugin-protocol.md §6–§7): the embedded declarations,
// icons, README, PRIVACY, a comment-only requirements.txt and main.py, plus the native runtime
// under bin/<arch>/ (with the shared libraries it needs that the daemon's image may lack under
// bin/<arch>/lib/). Optionally signed with an RSA key in the daemon's format.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "dify/zip_writer.hpp"

namespace smp::dify {

inline constexpr std::size_t kMaxPackageBytes =
    52'428'800;  // MAX_PLUGIN_PACKAGE_SIZE, uncompressed

// §7.2: SHA-256 over, for each entry in path order, SHA-256(path) || SHA-256(content); hex.
std::string package_checksum(const std::vector<ZipEntry>& entries);

struct PackageSigning {
  std::string private_key_pem;         // RSA
  std::string category = "community";  // .verification.dify.json authorized_category
  std::int64_t time = 0;               // unix seconds (0 = now)
};

struct PackageRequest {
  std::vector<ZipEntry> extra_files;  // bin/amd64/sagemaker-provider, its libraries, ...
  std::optional<PackageSigning> signing;
  // Past the daemon's 50 MiB limit only for packages that never reach a daemon: a sanitizer
  // build's binary is several times larger, and its tests still drive the package end to end.
  bool allow_oversize = false;
};

struct BuiltPackage {
  std::string zip;
  std::vector<ZipEntry> entries;  // as written, central-directory order
  std::string checksum;           // §7.2 over every entry
  std::string identity;           // author/name:version@checksum
  std::size_t uncompressed_bytes = 0;
};

Result<BuiltPackage> build_package(PackageRequest request);

// §7.3: the bytes whose SHA-256 is signed: SHA-256 of every entry in order, then the time.
std::string signed_data(const std::vector<ZipEntry>& entries, std::int64_t time);
// Verifies a package's signature comment against a public key (PEM): for tests and users.
Result<void> verify_package_signature(std::string_view zip, std::string_view public_key_pem);

}  // namespace smp::dify
