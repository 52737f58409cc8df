#include "aws/providers/environment_provider.hpp"

#include "aws/credential_time.hpp"

namespace smp::aws {

Result<std::shared_ptr<const Credentials>> EnvironmentProvider::get() {
  auto key = env_.get("AWS_ACCESS_KEY_ID");
  auto secret = env_.get("AWS_SECRET_ACCESS_KEY");
  if (!key) {
    return fail(credentials_not_configured(
        "environment", secret ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
                              : "AWS_ACCESS_KEY_ID is not set"));
  }
  if (!secret) {
    return fail(ErrorKind::auth, "PartialCredentials",
                "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set "
                "both, or unset AWS_ACCESS_KEY_ID to use another credential source");
  }
  Credentials credentials;
  credentials.access_key_id = std::move(*key);
  credentials.secret_access_key = std::move(*secret);
  credentials.session_token = env_.get("AWS_SESSION_TOKEN")
                                  .or_else([&] { return env_.get("AWS_SECURITY_TOKEN"); })
                                  .value_or("");
  credentials.account_id = env_.get("AWS_ACCOUNT_ID").value_or("");
  credentials.source = "environment";
  if (auto expiration = env_.get("AWS_CREDENTIAL_EXPIRATION")) {
    credentials.expiration = parse_iso8601_time(*expiration);
    if (!credentials.expiration) {
      return fail(ErrorKind::auth, "InvalidCredentialExpiration",
                  "environment: AWS_CREDENTIAL_EXPIRATION '" + expiration->substr(0, 40) +
                      "' is not an ISO 8601 time such as 2024-01-15T12:00:00Z");
    }
  }

  std::lock_guard lock(mutex_);
  if (last_ && last_->access_key_id == credentials.access_key_id &&
      last_->secret_access_key == credentials.secret_access_key &&
      last_->session_token == credentials.session_token &&
      last_->expiration == credentials.expiration && last_->account_id == credentials.account_id) {
    return last_;
  }
  last_ = std::make_shared<const Credentials>(std::move(credentials));
  return last_;
}

}  // namespace smp::aws
