#include "aws/providers/chain_provider.hpp"

namespace smp::aws {

ProviderChain::ProviderChain(std::vector<CredentialsProviderPtr> providers, std::string label)
    : providers_(std::move(providers)), label_(std::move(label)) {}

Result<std::shared_ptr<const Credentials>> ProviderChain::get() {
  CredentialsProviderPtr active;
  {
    std::lock_guard lock(mutex_);
    active = active_;
  }
  if (active) return active->get();

  std::string tried;
  for (const auto& provider : providers_) {
    auto result = provider->get();
    if (result) {
      std::lock_guard lock(mutex_);
      if (!active_) active_ = provider;
      return result;
    }
    if (!is_not_configured(result.error())) return result;
    tried += "\n  - " + result.error().message;
  }
  return fail(ErrorKind::auth, "NoCredentials",
              "no AWS credentials found; the " + label_ + " looked at:" + tried +
                  "\nConfigure one of them, or give access keys or a profile explicitly.");
}

std::string ProviderChain::name() const {
  std::lock_guard lock(mutex_);
  return active_ ? label_ + ": " + active_->name() : label_;
}

std::string ProviderChain::answered_by() const {
  std::lock_guard lock(mutex_);
  return active_ ? active_->name() : std::string();
}

void ProviderChain::invalidate() {
  CredentialsProviderPtr active;
  {
    std::lock_guard lock(mutex_);
    active = active_;
  }
  if (active) active->invalidate();
}

}  // namespace smp::aws
