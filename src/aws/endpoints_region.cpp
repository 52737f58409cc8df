// Region resolution and validation (botocore: --region, AWS_REGION, AWS_DEFAULT_REGION, the
// profile's region; utils.validate_region_name).
#include <algorithm>
#include <cctype>

#include "aws/endpoints.hpp"

namespace smp::aws {
namespace {

std::unexpected<Error> invalid_region(std::string_view region, std::string why) {
  // Built by appending: g++ 12 at -O3 warns (-Wrestrict, a false positive) on "x" + string.
  std::string message = "'";
  message.append(region).append("' is not a valid AWS region name: ").append(why);
  return fail(ErrorKind::invalid_argument, "InvalidRegion", std::move(message));
}

bool lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

Result<void> validate_region(std::string_view region) {
  if (region.empty()) return invalid_region(region, "it is empty");
  // One DNS label: ^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$ (botocore), lower case only.
  if (region.size() > 63) return invalid_region(region, "it is longer than 63 characters");
  const bool has_upper = std::any_of(region.begin(), region.end(),
                                     [](unsigned char c) { return std::isupper(c) != 0; });
  if (has_upper) {
    std::string lower(region);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return invalid_region(region, "region names are lower case (did you mean '" + lower + "'?)");
  }
  const bool allowed =
      std::all_of(region.begin(), region.end(), [](char c) { return lower_alnum(c) || c == '-'; });
  if (!allowed || !lower_alnum(region.front()) || !lower_alnum(region.back())) {
    return invalid_region(region, "use letters, digits and inner dashes only, like 'us-east-1'");
  }
  // "us-east-1a" is an availability zone; its region is "us-east-1".
  if (region.size() >= 2) {
    const char last = region.back();
    const char before = region[region.size() - 2];
    if (last >= 'a' && last <= 'z' && before >= '0' && before <= '9' &&
        std::count(region.begin(), region.end(), '-') >= 2) {
      return invalid_region(region, "it looks like an availability zone (did you mean '" +
                                        std::string(region.substr(0, region.size() - 1)) + "'?)");
    }
  }
  return {};
}

Result<ResolvedRegion> resolve_region(std::string_view flag, const Environment& environment,
                                      std::string_view profile_region) {
  ResolvedRegion out;
  if (!flag.empty()) {
    out = {std::string(flag), "--region"};
  } else if (auto region = environment.get("AWS_REGION")) {
    out = {*region, "AWS_REGION"};
  } else if (auto default_region = environment.get("AWS_DEFAULT_REGION")) {
    out = {*default_region, "AWS_DEFAULT_REGION"};
  } else if (!profile_region.empty()) {
    out = {std::string(profile_region), "profile"};
  } else {
    return fail(ErrorKind::invalid_argument, "MissingRegion",
                "No AWS region configured: pass --region, set AWS_REGION, or set region in the "
                "profile");
  }
  if (auto valid = validate_region(out.region); !valid) {
    Error e = valid.error();
    e.message += " (from " + out.source + ")";
    return std::unexpected(std::move(e));
  }
  return out;
}

}  // namespace smp::aws
