#pragma once
// The JSON credential documents of three sources (aws-wire.md §5.4, §5.7, §5.8):
//   credential_process: {"Version":1,"AccessKeyId","SecretAccessKey","SessionToken"?,
//                        "Expiration"?,"AccountId"?}
//   container (ECS, EKS Pod Identity): {"AccessKeyId","SecretAccessKey","Token","Expiration",
//                        "AccountId"?}
//   IMDS:               {"Code":"Success","AccessKeyId","SecretAccessKey","Token","Expiration",…}
// Input is untrusted; messages name missing or mistyped fields, never a value.
#include <string_view>

#include "aws/credentials.hpp"
#include "base/error.hpp"

namespace smp::aws {

enum class CredentialsJsonFormat { process, container, imds };

// `source` labels messages ("credential_process of profile dev"). The result's `source` field is
// left for the caller to fill.
Result<Credentials> parse_credentials_json(std::string_view json, CredentialsJsonFormat format,
                                           std::string_view source);

}  // namespace smp::aws
