#include "aws/credential_redaction.hpp"

namespace smp::aws {
namespace {

// Below this length a "secret" is more likely a coincidental word than a credential.
constexpr size_t kMinSecretLength = 8;

void redact(std::string& text, std::string_view secret) {
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "[redacted]");
    at += 10;
  }
}

}  // namespace

void redact_secrets(Error& error, std::initializer_list<std::string_view> secrets) {
  for (std::string_view secret : secrets) {
    if (secret.size() < kMinSecretLength) continue;
    redact(error.message, secret);
    for (auto& [key, value] : error.details)
      redact(value, secret);
  }
}

}  // namespace smp::aws
