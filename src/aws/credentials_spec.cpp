#include "aws/credentials_spec.hpp"

#include "aws/providers/assume_role_provider.hpp"
#include "aws/providers/caching_provider.hpp"
#include "aws/providers/default_chain.hpp"
#include "aws/providers/profile_provider.hpp"
#include "aws/providers/static_provider.hpp"

namespace smp::aws {

Result<BuiltCredentials> build_credentials(const CredentialsSpec& spec,
                                           const CredentialsContext& context) {
  BuiltCredentials built;
  if (!spec.access_key_id.empty() || !spec.secret_access_key.empty() ||
      !spec.session_token.empty()) {
    auto keys = make_static_provider(spec.access_key_id, spec.secret_access_key, spec.session_token,
                                     "static keys");
    if (!keys) return fail(std::move(keys.error()));
    built.provider = std::move(*keys);
  } else if (!spec.profile.empty()) {
    ProfileOptions options;
    options.profile = spec.profile;
    options.region = spec.region;
    options.model_type = spec.model_type;
    options.sts_endpoint_url = spec.sts_endpoint_url;
    built.provider = make_caching(std::make_shared<ProfileProvider>(context, std::move(options)),
                                  *context.clock);
  } else {
    DefaultChainOptions options;
    options.region = spec.region;
    options.model_type = spec.model_type;
    options.sts_endpoint_url = spec.sts_endpoint_url;
    DefaultChain chain = make_default_chain(context, options);
    built.provider = std::move(chain.provider);
    built.chain = std::move(chain.chain);
  }

  if (!spec.role_arn.empty()) {
    AssumeRoleConfig role;
    role.role_arn = spec.role_arn;
    role.external_id = spec.external_id;
    role.role_session_name = spec.role_session_name;
    role.model_type = spec.model_type;
    role.duration_seconds = spec.duration_seconds;
    role.sts.region = spec.region;
    role.sts.endpoint_url = spec.sts_endpoint_url;
    auto assumed = make_assume_role_provider(built.provider, std::move(role), context);
    if (!assumed) return fail(std::move(assumed.error()));
    built.provider = std::move(*assumed);
  } else if (!spec.external_id.empty()) {
    return fail(ErrorKind::invalid_argument, "ExternalIdWithoutRole",
                "an external id was given without a role ARN; the external id only applies "
                "when assuming a role");
  }
  return built;
}

}  // namespace smp::aws
