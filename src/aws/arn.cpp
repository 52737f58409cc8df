#include "aws/arn.hpp"

#include <array>
#include <cctype>

namespace smp::aws {
namespace {

constexpr std::array<std::string_view, 8> kPartitions = {
    "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};

// IAM's limits (iam/service-2.json roleNameType, pathType; sts arnType).
constexpr size_t kMinArnLength = 20;
constexpr size_t kMaxArnLength = 2048;
constexpr size_t kMaxRoleNameLength = 64;
constexpr size_t kMaxPathLength = 512;

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool role_name_char(char c) {
  return is_word(c) || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
}

Error invalid(std::string_view text, std::string why) {
  Error e = Error::make(ErrorKind::invalid_argument, "InvalidRoleArn",
                        "Invalid role ARN '" + std::string(text) + "': " + std::move(why) +
                            " (expected arn:aws:iam::123456789012:role/NAME)");
  return e;
}

std::string partitions_list() {
  std::string out;
  for (auto p : kPartitions) {
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

}  // namespace

std::optional<Arn> parse_arn(std::string_view text) {
  std::array<std::string_view, 5> head;
  for (auto& field : head) {
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    field = text.substr(0, colon);
    text.remove_prefix(colon + 1);
  }
  if (head[0] != "arn") return std::nullopt;
  return Arn{std::string(head[1]), std::string(head[2]), std::string(head[3]), std::string(head[4]),
             std::string(text)};
}

bool is_known_partition(std::string_view partition) {
  for (auto p : kPartitions) {
    if (p == partition) return true;
  }
  return false;
}

std::string account_id_from_arn(std::string_view text) {
  auto arn = parse_arn(text);
  return arn ? arn->account_id : std::string();
}

Result<RoleArn> validate_role_arn(std::string_view text) {
  if (text.empty()) return fail(invalid(text, "it is empty"));
  if (!text.starts_with("arn:")) return fail(invalid(text, "it must start with 'arn:'"));
  auto arn = parse_arn(text);
  if (!arn) return fail(invalid(text, "it must have six ':'-separated fields"));
  if (!is_known_partition(arn->partition)) {
    return fail(invalid(text, "unknown partition '" + arn->partition + "' (expected one of " +
                                  partitions_list() + ")"));
  }
  if (arn->service == "sts" && arn->resource.starts_with("assumed-role/")) {
    // The ARN `aws sts get-caller-identity` prints for a role session: point at the role itself.
    std::string role = arn->resource.substr(13);
    role = role.substr(0, role.find('/'));
    return fail(invalid(text,
                        "this is an assumed-role session ARN, not a role ARN; the role is "
                        "arn:" +
                            arn->partition + ":iam::" + arn->account_id + ":role/" + role));
  }
  if (arn->service != "iam") {
    return fail(invalid(text, "the service must be 'iam' (got '" + arn->service + "')"));
  }
  if (!arn->region.empty()) {
    return fail(invalid(
        text, "the region field must be empty because IAM is global (got '" + arn->region + "')"));
  }
  const bool twelve_digits = arn->account_id.size() == 12 &&
                             arn->account_id.find_first_not_of("0123456789") == std::string::npos;
  if (!twelve_digits) {
    return fail(invalid(text, "the account id must be 12 digits (got '" + arn->account_id + "')"));
  }
  if (!arn->resource.starts_with("role/")) {
    return fail(invalid(text, "the resource must be role/NAME (got '" + arn->resource + "')"));
  }
  if (text.size() < kMinArnLength || text.size() > kMaxArnLength) {
    return fail(invalid(text, "it must be 20 to 2048 characters long"));
  }

  const std::string_view path_and_name = std::string_view(arn->resource).substr(4);  // "/p/Name"
  const size_t last_slash = path_and_name.rfind('/');
  const std::string_view path = path_and_name.substr(0, last_slash + 1);
  const std::string_view name = path_and_name.substr(last_slash + 1);
  if (name.empty()) return fail(invalid(text, "the role name is empty"));
  if (name.size() > kMaxRoleNameLength) {
    return fail(invalid(text, "the role name is longer than 64 characters"));
  }
  for (char c : name) {
    if (!role_name_char(c)) {
      return fail(invalid(text, std::string("the role name contains '") + c +
                                    "', but only letters, digits and +=,.@_- are allowed"));
    }
  }
  if (path.size() > kMaxPathLength) return fail(invalid(text, "the role path is too long"));
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7E) {
      return fail(invalid(text, "the role path contains a space or a non-ASCII character"));
    }
  }
  if (path.find("//") != std::string_view::npos) {
    return fail(invalid(text, "the role path contains an empty segment ('//')"));
  }
  return RoleArn{std::move(*arn), std::string(name), std::string(path)};
}

}  // namespace smp::aws
