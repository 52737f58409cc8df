#include "aws/credentials_provider.hpp"

namespace smp::aws {

Error credentials_not_configured(std::string source, std::string why) {
  Error e =
      Error::make(ErrorKind::auth, std::string(kCredentialsNotConfigured), source + ": " + why);
  e.with_detail("source", std::move(source));
  return e;
}

bool is_not_configured(const Error& error) {
  return error.code == kCredentialsNotConfigured;
}

}  // namespace smp::aws
