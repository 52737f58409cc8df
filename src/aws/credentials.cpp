#include "aws/credentials.hpp"

namespace smp::aws {

std::string Credentials::redacted_key_id() const {
  // Key ids are not secret, but showing only the tail keeps logs uniform with other redactions.
  if (access_key_id.size() <= 8) return std::string(access_key_id.size(), '*');
  return access_key_id.substr(0, 4) + "…" + access_key_id.substr(access_key_id.size() - 4);
}

}  // namespace smp::aws
