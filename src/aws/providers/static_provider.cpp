#include "aws/providers/static_provider.hpp"

namespace smp::aws {

StaticProvider::StaticProvider(Credentials credentials, std::string label)
    : label_(std::move(label)) {
  if (credentials.source.empty()) credentials.source = label_;
  snapshot_ = std::make_shared<const Credentials>(std::move(credentials));
}

Result<CredentialsProviderPtr> make_static_provider(std::string access_key_id,
                                                    std::string secret_access_key,
                                                    std::string session_token, std::string label) {
  if (access_key_id.empty() || secret_access_key.empty()) {
    return fail(ErrorKind::invalid_argument, "PartialCredentials",
                std::string(access_key_id.empty() ? "the access key id" : "the secret access key") +
                    " is empty; give both the access key id and the secret access key");
  }
  Credentials credentials;
  credentials.access_key_id = std::move(access_key_id);
  credentials.secret_access_key = std::move(secret_access_key);
  credentials.session_token = std::move(session_token);
  return std::make_shared<StaticProvider>(std::move(credentials), std::move(label));
}

}  // namespace smp::aws
