#pragma once
// ARNs (aws-wire.md §4.6): a generic split, and the local check of an IAM role ARN that runs
// before any STS call, so a typo gets a message naming the wrong field instead of AccessDenied.
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace smp::aws {

struct Arn {
  std::string partition;
  std::string service;
  std::string region;
  std::string account_id;
  std::string resource;  // everything after the fifth ':' ("role/path/Name")
};

// "arn:partition:service:region:account:resource" — nullopt unless there are six fields.
std::optional<Arn> parse_arn(std::string_view text);

// aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc.
bool is_known_partition(std::string_view partition);

struct RoleArn {
  Arn arn;
  std::string role_name;  // the last path segment
  std::string path;       // "/" or "/a/b/"
};

// arn:{partition}:iam::{12 digits}:role/{path/}{name}. The error (kind invalid_argument, code
// InvalidRoleArn) says what is wrong: "Invalid role ARN 'x': the account id must be 12 digits".
Result<RoleArn> validate_role_arn(std::string_view text);

// The account id of an ARN (field 5), or empty. STS responses give it through AssumedRoleUser.Arn.
std::string account_id_from_arn(std::string_view text);

}  // namespace smp::aws
