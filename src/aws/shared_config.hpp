#pragma once
// The AWS shared config and credentials files (aws-wire.md §5.3) merged into profiles.
//
// Paths: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials,
// with '~' taken from HOME of the injected Environment (tests point HOME at a temporary folder).
// Section rules, as the SDKs apply them:
//   config file:      [default], [profile NAME] (also [profile default], which wins over
//                     [default]), [sso-session NAME]; any other section is not a profile
//   credentials file: [NAME]; a "profile " prefix is not allowed there (ignored with a warning)
// A profile present in both files is merged; the credentials file's keys win.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/environment.hpp"
#include "base/error.hpp"

namespace smp::aws {

struct Profile {
  std::string name;
  std::map<std::string, std::string, std::less<>> properties;  // keys lower-case

  // The value of a key, or nullopt when absent or empty (empty means unset, as in the SDKs).
  std::optional<std::string> get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key).has_value(); }
};

struct SharedConfigFiles {
  std::string config_path;
  std::string credentials_path;
};

struct SharedConfig {
  SharedConfigFiles files;
  bool config_found = false;
  bool credentials_found = false;
  std::map<std::string, Profile, std::less<>> profiles;
  std::map<std::string, Profile, std::less<>> sso_sessions;
  std::vector<std::string> warnings;  // sections that were ignored, and why

  const Profile* find(std::string_view name) const;
  // "dev, prod" or "none" — for messages.
  std::string profile_names() const;
  // "profile 'x' not found in <config> or <credentials>; profiles that exist: a, b" (+ warnings).
  Error profile_not_found(std::string_view name) const;
};

SharedConfigFiles shared_config_files(const Environment& env);

// Reads both files; a missing file is empty, an unreadable or malformed one is an error.
Result<SharedConfig> load_shared_config(const Environment& env);

// The pure part, for tests and the fuzzer: texts of the two files (empty when absent).
Result<SharedConfig> parse_shared_config(std::string_view config_text,
                                         std::string_view credentials_text,
                                         SharedConfigFiles files);

// AWS_PROFILE, then AWS_DEFAULT_PROFILE (the legacy CLI name), else "default".
std::string selected_profile_name(const Environment& env);
// True when the profile name came from the environment rather than the "default" fallback.
bool profile_explicitly_selected(const Environment& env);

// `region` of the profile (`profile` empty: the selected profile) in the config files: the last
// source endpoints.hpp's resolve_region consults, after the flag and the environment. nullopt
// when the profile or its region is absent. A broken config file is an error rather than a silent
// fallback to some other region.
Result<std::optional<std::string>> profile_region(const Environment& env,
                                                  std::string_view profile = {});

}  // namespace smp::aws
