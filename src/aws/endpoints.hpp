#pragma once
// Where to send a request and how to sign it: region resolution and partition-aware endpoint
// resolution with endpoint-URL overrides (aws-wire.md §1.2, §4.1).
//
// Hosts follow each service's botocore endpoint rule set (FIPS and dual-stack variants included)
// and were checked against botocore 1.43.11. Endpoint URL precedence, as in botocore and the AWS
// CLI: explicit (--endpoint-url) > AWS_ENDPOINT_URL_<SERVICE> > AWS_ENDPOINT_URL > the shared
// config's service-specific endpoint_url > its global endpoint_url > the service's AWS host.
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true disables every source but the explicit one.
#include <optional>
#include <string>
#include <string_view>

#include "base/environment.hpp"
#include "base/error.hpp"

namespace smp::aws {

enum class Service {
  sagemaker_runtime,  // InvokeEndpoint*: runtime.sagemaker.{region}.{dnsSuffix}
  sagemaker,          // control plane (DescribeEndpoint): api.sagemaker.{region}.{dnsSuffix}
  sts,                // sts.{region}.{dnsSuffix} (regional; "aws-global" is sts.amazonaws.com)
  s3,                 // s3.{region}.{dnsSuffix}; path-style base, buckets are the caller's job
  comprehend,         // comprehend.{region}.{dnsSuffix}
};

// "sagemaker-runtime", "sagemaker", "sts", "s3", "comprehend" (botocore service names).
std::string_view service_name(Service service);
// The SigV4 service name: "sagemaker" for both SageMaker services.
std::string_view signing_name(Service service);
// The suffix of AWS_ENDPOINT_URL_<SUFFIX>: "SAGEMAKER_RUNTIME", "SAGEMAKER", "STS", "S3",
// "COMPREHEND" (botocore: the serviceId upper-cased, spaces to '_').
std::string_view endpoint_env_suffix(Service service);

struct EndpointOptions {
  // nullopt: read AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT ("true" enables).
  std::optional<bool> use_fips;
  std::optional<bool> use_dual_stack;
  std::string endpoint_url;                 // --endpoint-url; empty for none
  std::string config_service_endpoint_url;  // shared config: services section, this service
  std::string config_endpoint_url;          // shared config: profile endpoint_url
};

struct ResolvedEndpoint {
  std::string url;        // scheme://host[:port][/base/path], never with a trailing '/'
  std::string scheme;     // "https" or "http" (http only from an override)
  std::string host;       // without port; IPv6 literals keep their brackets
  std::string port;       // explicit port of an override, else empty
  std::string base_path;  // path of an override ("/prefix"), else empty
  std::string signing_region;
  std::string signing_name;
  std::string partition;  // the region's partition id, also for overrides
  // Where the URL came from: "aws" or the override's origin ("--endpoint-url",
  // "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL", "config services endpoint_url",
  // "config endpoint_url"), for `check` and error messages.
  std::string source;

  bool custom() const { return source != "aws"; }
  // "host" or "host:port", as the Host header and the SigV4 host header want it.
  std::string authority() const { return port.empty() ? host : host + ":" + port; }
};

// Resolves the endpoint of `service` for `region` (already resolved by resolve_region). Legacy
// FIPS pseudo regions ("us-east-1-fips", "fips-us-east-1") select the FIPS host and sign with the
// real region, as botocore does. With an override URL the FIPS/dual-stack choice is dropped
// (botocore: a custom endpoint replaces the variant). Errors: ErrorKind::invalid_argument for a
// malformed region or override URL, or a variant the partition lacks (S3 FIPS in aws-cn).
Result<ResolvedEndpoint> resolve_endpoint(Service service, std::string_view region,
                                          const EndpointOptions& options,
                                          const Environment& environment);

struct ResolvedRegion {
  std::string region;
  std::string source;  // "--region", "AWS_REGION", "AWS_DEFAULT_REGION", "profile"
};

// The region from, in order: the flag, AWS_REGION, AWS_DEFAULT_REGION, the profile's region (the
// caller reads the shared config). Fails with ErrorKind::invalid_argument when none is set or
// the chosen one is malformed (the message names where it came from).
Result<ResolvedRegion> resolve_region(std::string_view flag, const Environment& environment,
                                      std::string_view profile_region = {});

// A region name is one DNS label (botocore validate_region_name), lower case (it is part of the
// SigV4 scope, so "US-EAST-1" would sign for a region that does not exist), and not an
// availability zone ("us-east-1a").
Result<void> validate_region(std::string_view region);

}  // namespace smp::aws
