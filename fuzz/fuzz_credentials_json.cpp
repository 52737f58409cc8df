// The JSON credential documents of credential_process, the container endpoint and IMDS under
// arbitrary bytes. Oracle beyond "no crash, no sanitizer report": a document accepted in any
// format has a key id and a secret, and the container/IMDS formats also a token and an expiry.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "aws/providers/credentials_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smp::aws;
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  for (auto format : {CredentialsJsonFormat::process, CredentialsJsonFormat::container,
                      CredentialsJsonFormat::imds}) {
    auto credentials = parse_credentials_json(json, format, "fuzz");
    if (!credentials) {
      if (credentials.error().message.empty()) std::abort();
      continue;
    }
    if (credentials->access_key_id.empty() || credentials->secret_access_key.empty()) std::abort();
    if (format != CredentialsJsonFormat::process &&
        (credentials->session_token.empty() || !credentials->expiration)) {
      std::abort();
    }
  }
  return 0;
}
