#include "aws/providers/credentials_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "aws/credential_time.hpp"

namespace smp::aws {
namespace {

Error bad(std::string_view source, std::string what) {
  return Error::make(ErrorKind::auth, "InvalidCredentialsDocument",
                     std::string(source) + " returned " + std::move(what));
}

// The string field `name`; nullopt when absent or null; error when present with another type.
Result<std::optional<std::string>> string_field(const boost::json::object& object,
                                                std::string_view name, std::string_view source) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr || value->is_null()) return std::optional<std::string>{};
  if (!value->is_string()) {
    return fail(bad(source, "a non-string \"" + std::string(name) + "\""));
  }
  return std::optional<std::string>(std::string(value->get_string()));
}

}  // namespace

Result<Credentials> parse_credentials_json(std::string_view json, CredentialsJsonFormat format,
                                           std::string_view source) {
  boost::system::error_code ec;
  boost::json::value root = boost::json::parse(json, ec);
  if (ec) {
    return fail(bad(source, "output that is not valid JSON (" + ec.message() + "; " +
                                std::to_string(json.size()) + " bytes)"));
  }
  if (!root.is_object()) return fail(bad(source, "JSON that is not an object"));
  const boost::json::object& object = root.get_object();

  if (format == CredentialsJsonFormat::process) {
    const boost::json::value* version = object.if_contains("Version");
    if (version == nullptr) return fail(bad(source, "JSON without \"Version\" (expected 1)"));
    if (!version->is_int64() || version->get_int64() != 1) {
      return fail(bad(source, "an unsupported \"Version\" (expected the number 1)"));
    }
  }
  if (format == CredentialsJsonFormat::imds) {
    auto code = string_field(object, "Code", source);
    if (!code) return fail(std::move(code.error()));
    if (*code && **code != "Success") {
      auto message = string_field(object, "Message", source);
      return fail(bad(source, "Code \"" + **code + "\"" +
                                  (message && *message ? ": " + **message : std::string())));
    }
  }

  const char* token_name = format == CredentialsJsonFormat::process ? "SessionToken" : "Token";
  const bool token_required = format != CredentialsJsonFormat::process;
  const bool expiration_required = format != CredentialsJsonFormat::process;

  Credentials credentials;
  struct Field {
    const char* name;
    std::string* target;
    bool required;
  };
  std::string expiration;
  const Field fields[] = {
      {"AccessKeyId", &credentials.access_key_id, true},
      {"SecretAccessKey", &credentials.secret_access_key, true},
      {token_name, &credentials.session_token, token_required},
      {"Expiration", &expiration, expiration_required},
      {"AccountId", &credentials.account_id, false},
  };
  for (const Field& field : fields) {
    auto value = string_field(object, field.name, source);
    if (!value) return fail(std::move(value.error()));
    if (*value) *field.target = std::move(**value);
    if (field.required && field.target->empty()) {
      return fail(bad(source, "JSON without \"" + std::string(field.name) + "\""));
    }
  }
  if (!expiration.empty()) {
    credentials.expiration = parse_iso8601_time(expiration);
    if (!credentials.expiration) {
      return fail(bad(source, "an \"Expiration\" that is not an ISO 8601 time ('" +
                                  expiration.substr(0, 40) + "')"));
    }
  }
  return credentials;
}

}  // namespace smp::aws
