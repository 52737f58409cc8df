#pragma once
// STS over the Query protocol (aws-wire.md §4): AssumeRole (trust list, required ExternalId,
// MaxSessionDuration, role chaining limit), AssumeRoleWithWebIdentity (configured tokens or
// JWT-shaped tokens from trusted issuers), GetCallerIdentity. Responses and errors are the real
// XML documents. Issued credentials go into the CredentialStore and really expire.
//
// Threading: handle() is safe to call concurrently.
#include <string_view>

#include "base/clock.hpp"
#include "base/http_message.hpp"
#include "emulator/config.hpp"
#include "emulator/principals.hpp"
#include "emulator/query_params.hpp"
#include "emulator/request_log.hpp"

namespace smp::emulator {

inline constexpr std::string_view kStsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

class StsService {
 public:
  StsService(const EmulatorConfig& config, CredentialStore& store, const Clock& clock);

  // `caller` is null for unsigned requests; only AssumeRoleWithWebIdentity accepts those (the
  // router answers MissingAuthenticationToken for the others before calling here).
  HttpResponse handle(const QueryParams& params, const Principal* caller,
                      std::string_view request_id, RequestLogEntry& log) const;

  // Operations that need no signature.
  static bool is_unsigned_action(std::string_view action) {
    return action == "AssumeRoleWithWebIdentity";
  }

 private:
  HttpResponse assume_role(const QueryParams& params, const Principal& caller,
                           std::string_view request_id) const;
  HttpResponse assume_role_with_web_identity(const QueryParams& params,
                                             std::string_view request_id) const;
  HttpResponse get_caller_identity(const Principal& caller, std::string_view request_id) const;
  const RoleConfig* find_role(std::string_view arn) const;
  std::chrono::seconds lifetime(const RoleConfig& role, std::chrono::seconds requested) const;

  const EmulatorConfig& config_;
  CredentialStore& store_;
  const Clock& clock_;
};

}  // namespace smp::emulator
