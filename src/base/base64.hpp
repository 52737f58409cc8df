#pragma once
// Base64 (RFC 4648 §4): proxy credentials, S3 Content-MD5, embeddings as base64, .difypkg
// signatures, STS policies in the emulator. One implementation for every layer.
#include <optional>
#include <string>
#include <string_view>

namespace smp {

// Standard alphabet with '=' padding.
std::string base64_encode(std::string_view bytes);
// Strict: padding required, no whitespace, no URL-safe alphabet, no stray bits after the data.
// nullopt on any violation.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace smp
