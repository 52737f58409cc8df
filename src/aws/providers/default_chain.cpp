#include "aws/providers/default_chain.hpp"

#include "aws/providers/caching_provider.hpp"
#include "aws/providers/container_provider.hpp"
#include "aws/providers/environment_provider.hpp"
#include "aws/providers/imds_provider.hpp"
#include "aws/providers/web_identity_provider.hpp"

namespace smp::aws {
namespace {

// Builds the real source when its variables are present, else reports why it is skipped. Built
// lazily at the first get(), so a variable set after startup (tests, wrappers) is seen.
class DeferredSource final : public CredentialsProvider {
 public:
  using Factory = std::function<Result<CredentialsProviderPtr>()>;
  DeferredSource(std::string label, Factory factory)
      : label_(std::move(label)), factory_(std::move(factory)) {}

  Result<std::shared_ptr<const Credentials>> get() override {
    CredentialsProviderPtr inner;
    {
      std::lock_guard lock(mutex_);
      if (!inner_) {
        auto built = factory_();
        if (!built) return fail(std::move(built.error()));
        inner_ = std::move(*built);
      }
      inner = inner_;
    }
    return inner->get();
  }
  std::string name() const override {
    std::lock_guard lock(mutex_);
    return inner_ ? inner_->name() : label_;
  }
  void invalidate() override {
    std::lock_guard lock(mutex_);
    if (inner_) inner_->invalidate();
  }

 private:
  std::string label_;
  Factory factory_;
  mutable std::mutex mutex_;
  CredentialsProviderPtr inner_;
};

}  // namespace

DefaultChain make_default_chain(const CredentialsContext& context,
                                const DefaultChainOptions& options) {
  std::vector<CredentialsProviderPtr> sources;
  const Environment& env = context.env();

  if (options.profile.empty()) sources.push_back(std::make_shared<EnvironmentProvider>(env));

  sources.push_back(std::make_shared<DeferredSource>(
      "web identity", [context, options]() -> Result<CredentialsProviderPtr> {
        auto config = web_identity_config_from_environment(context.env());
        if (!config) return fail(std::move(config.error()));
        config->sts.region =
            options.region.empty()
                ? context.env()
                      .get("AWS_REGION")
                      .or_else([&] { return context.env().get("AWS_DEFAULT_REGION"); })
                      .value_or("")
                : options.region;
        config->sts.endpoint_url = options.sts_endpoint_url;
        return make_web_identity_provider(std::move(*config), context);
      }));

  ProfileOptions profile;
  profile.profile = options.profile;
  profile.region = options.region;
  profile.model_type = options.model_type;
  profile.sts_endpoint_url = options.sts_endpoint_url;
  sources.push_back(std::make_shared<ProfileProvider>(context, std::move(profile)));

  sources.push_back(
      std::make_shared<DeferredSource>("container", [context]() -> Result<CredentialsProviderPtr> {
        auto endpoint = container_endpoint_from_environment(context.env());
        if (!endpoint) return fail(std::move(endpoint.error()));
        return make_caching(std::make_shared<ContainerProvider>(std::move(*endpoint), context),
                            *context.clock);
      }));

  if (options.use_instance_metadata) {
    sources.push_back(std::make_shared<DeferredSource>(
        "EC2 instance metadata", [context]() -> Result<CredentialsProviderPtr> {
          ImdsConfig imds = imds_config_from_environment(context.env());
          if (imds.disabled) {
            return fail(credentials_not_configured("EC2 instance metadata",
                                                   "disabled by AWS_EC2_METADATA_DISABLED=true"));
          }
          return make_caching(std::make_shared<ImdsProvider>(std::move(imds), context),
                              *context.clock);
        }));
  }

  auto chain = std::make_shared<ProviderChain>(std::move(sources));
  return DefaultChain{make_caching(chain, *context.clock), chain};
}

}  // namespace smp::aws
