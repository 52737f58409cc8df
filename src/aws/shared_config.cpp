#include "aws/shared_config.hpp"

#include "aws/credential_file_io.hpp"
#include "aws/ini.hpp"

namespace smp::aws {
namespace {

std::string expand_home(const Environment& env, std::string path) {
  if (path == "~" || path.starts_with("~/")) {
    const auto home = env.get("HOME");
    if (home) path = *home + path.substr(1);
  }
  return path;
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

// "profile  dev" -> "dev"; nullopt unless the name is "profile" + whitespace + something.
std::optional<std::string> strip_prefix(std::string_view section, std::string_view prefix) {
  if (!section.starts_with(prefix)) return std::nullopt;
  std::string_view rest = section.substr(prefix.size());
  if (rest.empty() || !is_space(rest.front())) return std::nullopt;
  while (!rest.empty() && is_space(rest.front()))
    rest.remove_prefix(1);
  if (rest.empty()) return std::nullopt;
  return std::string(rest);
}

void merge_into(Profile& profile, const IniSection& section) {
  for (const auto& [key, property] : section.properties) {
    profile.properties[key] = property.value;
  }
}

}  // namespace

std::optional<std::string> Profile::get(std::string_view key) const {
  auto it = properties.find(key);
  if (it == properties.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

const Profile* SharedConfig::find(std::string_view name) const {
  auto it = profiles.find(name);
  return it == profiles.end() ? nullptr : &it->second;
}

std::string SharedConfig::profile_names() const {
  if (profiles.empty()) return "none";
  std::string out;
  for (const auto& [name, profile] : profiles) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

Error SharedConfig::profile_not_found(std::string_view name) const {
  std::string message = "profile '" + std::string(name) + "' not found in " + files.config_path +
                        (config_found ? "" : " (missing)") + " or " + files.credentials_path +
                        (credentials_found ? "" : " (missing)") +
                        "; profiles that exist: " + profile_names();
  for (const auto& warning : warnings)
    message += "; note: " + warning;
  Error e = Error::make(ErrorKind::auth, "ProfileNotFound", std::move(message));
  e.with_detail("profile", std::string(name));
  return e;
}

SharedConfigFiles shared_config_files(const Environment& env) {
  SharedConfigFiles files;
  files.config_path = expand_home(env, env.get("AWS_CONFIG_FILE").value_or("~/.aws/config"));
  files.credentials_path =
      expand_home(env, env.get("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"));
  return files;
}

Result<SharedConfig> parse_shared_config(std::string_view config_text,
                                         std::string_view credentials_text,
                                         SharedConfigFiles files) {
  auto config_doc = parse_ini(config_text, files.config_path);
  if (!config_doc) return fail(std::move(config_doc.error()));
  auto credentials_doc = parse_ini(credentials_text, files.credentials_path);
  if (!credentials_doc) return fail(std::move(credentials_doc.error()));

  SharedConfig config;
  config.files = std::move(files);

  // [profile default] outranks [default] in the config file, whatever their order.
  std::vector<const IniSection*> bare_defaults;
  bool prefixed_default = false;
  for (const auto& section : config_doc->sections) {
    if (section.name == "default") {
      bare_defaults.push_back(&section);
    } else if (auto name = strip_prefix(section.name, "profile")) {
      if (*name == "default") prefixed_default = true;
      Profile& profile = config.profiles[*name];
      profile.name = *name;
      merge_into(profile, section);
    } else if (auto session = strip_prefix(section.name, "sso-session")) {
      Profile& profile = config.sso_sessions[*session];
      profile.name = *session;
      merge_into(profile, section);
    } else if (!section.name.starts_with("services") && section.name != "preview" &&
               section.name != "plugins") {
      config.warnings.push_back("section [" + section.name + "] at " + config.files.config_path +
                                " line " + std::to_string(section.line) +
                                " is not a profile (config file profiles are written [profile " +
                                section.name + "])");
    }
  }
  if (prefixed_default && !bare_defaults.empty()) {
    config.warnings.push_back("[default] in " + config.files.config_path +
                              " is ignored because [profile default] is also present");
  } else {
    for (const IniSection* section : bare_defaults) {
      Profile& profile = config.profiles["default"];
      profile.name = "default";
      merge_into(profile, *section);
    }
  }

  for (const auto& section : credentials_doc->sections) {
    if (strip_prefix(section.name, "profile")) {
      config.warnings.push_back("section [" + section.name + "] in " +
                                config.files.credentials_path +
                                " is ignored: the credentials file names profiles without the "
                                "'profile ' prefix");
      continue;
    }
    Profile& profile = config.profiles[section.name];
    profile.name = section.name;
    merge_into(profile, section);
  }
  return config;
}

Result<SharedConfig> load_shared_config(const Environment& env) {
  SharedConfigFiles files = shared_config_files(env);
  auto config_text = read_text_file(files.config_path, kMaxIniBytes, "AWS config file");
  if (!config_text) return fail(std::move(config_text.error()));
  auto credentials_text =
      read_text_file(files.credentials_path, kMaxIniBytes, "AWS shared credentials file");
  if (!credentials_text) return fail(std::move(credentials_text.error()));

  auto config = parse_shared_config(config_text->value_or(""), credentials_text->value_or(""),
                                    std::move(files));
  if (!config) return config;
  config->config_found = config_text->has_value();
  config->credentials_found = credentials_text->has_value();
  return config;
}

std::string selected_profile_name(const Environment& env) {
  if (auto profile = env.get("AWS_PROFILE")) return *profile;
  if (auto profile = env.get("AWS_DEFAULT_PROFILE")) return *profile;
  return "default";
}

bool profile_explicitly_selected(const Environment& env) {
  return env.get("AWS_PROFILE").has_value() || env.get("AWS_DEFAULT_PROFILE").has_value();
}

Result<std::optional<std::string>> profile_region(const Environment& env,
                                                  std::string_view profile) {
  auto config = load_shared_config(env);
  if (!config) return fail(std::move(config.error()));
  const std::string name = profile.empty() ? selected_profile_name(env) : std::string(profile);
  if (const Profile* p = config->find(name)) return p->get("region");
  return std::optional<std::string>{};
}

}  // namespace smp::aws
