#pragma once
// A credentials snapshot for a coroutine without blocking its thread: the event loops of `serve`
// and `dify` run many requests per thread, and one STS round trip (up to the transport's timeouts)
// must not stall them all. Cached credentials come back at once with no suspension; otherwise the
// coroutine suspends until the provider's worker answers (aws::CredentialsProvider::get_async).
#include "aws/credentials_provider.hpp"
#include "http/await_callback.hpp"

namespace smp::sagemaker {

inline http::Task<Result<aws::CredentialsSnapshot>> await_credentials(
    aws::CredentialsProvider& provider) {
  return http::await_callback<Result<aws::CredentialsSnapshot>>(
      [&provider](aws::CredentialsCompletion done) { provider.get_async(std::move(done)); });
}

}  // namespace smp::sagemaker
