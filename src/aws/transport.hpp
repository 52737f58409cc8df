#pragma once
// The blocking HTTP exchange the aws layer needs for STS, IMDS, container credentials and the
// like (rare, control-plane calls). The http layer supplies the real one; tests supply fakes.
#include <functional>

#include "base/error.hpp"
#include "base/http_message.hpp"

namespace smp::aws {

struct TransportOptions {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds read_timeout{10000};
};

using HttpTransport =
    std::function<Result<HttpResponse>(const HttpRequest&, const TransportOptions&)>;

}  // namespace smp::aws
