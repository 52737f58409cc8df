// Service hosts from the botocore endpoint rule sets (sagemaker-runtime, sagemaker, sts, s3,
// comprehend; botocore 1.43.11) and the endpoint-URL override chain.
#include "aws/endpoints.hpp"

#include <algorithm>
#include <cctype>

#include "aws/partitions.hpp"
#include "base/http_message.hpp"

namespace smp::aws {
namespace {

std::unexpected<Error> invalid(std::string code, std::string message) {
  return fail(ErrorKind::invalid_argument, std::move(code), std::move(message));
}

std::string join_host(std::string_view first, std::string_view region, std::string_view suffix) {
  std::string host;
  host.reserve(first.size() + region.size() + suffix.size() + 2);
  host.append(first).append(".").append(region).append(".").append(suffix);
  return host;
}

struct AwsHost {
  std::string host;
  std::string signing_region;
};

// The host of a service in a partition, per its rule set. `region` is a real region (legacy
// FIPS pseudo regions already stripped).
Result<AwsHost> aws_host(Service service, std::string_view region, const Partition& partition,
                         bool fips, bool dual_stack) {
  const std::string_view dns = partition.dns_suffix;
  const std::string_view dual = partition.dual_stack_dns_suffix;
  const bool is_aws = partition.id == "aws";
  const bool is_gov = partition.id == "aws-us-gov";
  AwsHost out{{}, std::string(region)};
  switch (service) {
    case Service::sagemaker_runtime:
      if (fips && dual_stack) {
        out.host = join_host("runtime.sagemaker-fips", region, dual);
      } else if (fips) {
        // GovCloud's regular host is already FIPS validated.
        out.host = is_aws   ? join_host("runtime-fips.sagemaker", region, dns)
                   : is_gov ? join_host("runtime.sagemaker", region, dns)
                            : join_host("runtime.sagemaker-fips", region, dns);
      } else {
        out.host = join_host("runtime.sagemaker", region, dual_stack ? dual : dns);
      }
      break;
    case Service::sagemaker:
      if (fips && dual_stack) {
        out.host = join_host("api.sagemaker-fips", region, dual);
      } else if (fips) {
        out.host = (is_aws || is_gov) ? join_host("api-fips.sagemaker", region, dns)
                                      : join_host("api.sagemaker-fips", region, dns);
      } else {
        out.host = join_host("api.sagemaker", region, dual_stack ? dual : dns);
      }
      break;
    case Service::sts:
      if (region == "aws-global" && !fips && !dual_stack) {
        out.host = "sts.amazonaws.com";
        out.signing_region = "us-east-1";
      } else if (fips) {
        out.host = (is_gov && !dual_stack) ? join_host("sts", region, dns)
                                           : join_host("sts-fips", region, dual_stack ? dual : dns);
      } else {
        out.host = join_host("sts", region, dual_stack ? dual : dns);
      }
      break;
    case Service::s3: {
      std::string_view s3_region = region;
      if (region == "aws-global") {
        if (!fips && !dual_stack) {
          out.host = "s3.amazonaws.com";
          out.signing_region = "us-east-1";
          break;
        }
        s3_region = "us-east-1";
        out.signing_region = "us-east-1";
      }
      if (fips && partition.id == "aws-cn") {
        return invalid("EndpointVariantUnsupported",
                       "S3 has no FIPS endpoints in the aws-cn partition (region " +
                           std::string(region) + ")");
      }
      const std::string_view first = fips ? (dual_stack ? "s3-fips.dualstack" : "s3-fips")
                                          : (dual_stack ? "s3.dualstack" : "s3");
      out.host = join_host(first, s3_region, dns);
      break;
    }
    case Service::comprehend:
      out.host =
          join_host(fips ? "comprehend-fips" : "comprehend", region, dual_stack ? dual : dns);
      break;
  }
  return out;
}

bool env_flag(const Environment& environment, std::string_view name) {
  // botocore ensure_boolean: only "true" (any case) is true.
  const auto value = environment.get(name);
  return value && iequals(*value, "true");
}

struct ParsedUrl {
  std::string scheme, host, port, path;
};

// scheme://host[:port][/path] with scheme http or https; no user info, query or fragment.
Result<ParsedUrl> parse_endpoint_url(std::string_view url, std::string_view origin) {
  auto bad = [&](std::string why) {
    return invalid("InvalidEndpointUrl", "The endpoint URL '" + std::string(url) + "' from " +
                                             std::string(origin) + " is not usable: " + why);
  };
  ParsedUrl out;
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return bad("it needs http:// or https://");
  out.scheme = std::string(url.substr(0, scheme_end));
  std::transform(out.scheme.begin(), out.scheme.end(), out.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (out.scheme != "http" && out.scheme != "https") return bad("only http and https work");
  std::string_view rest = url.substr(scheme_end + 3);
  if (std::any_of(rest.begin(), rest.end(),
                  [](unsigned char c) { return std::isspace(c) != 0 || std::iscntrl(c) != 0; })) {
    return bad("it contains white space or control characters");
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return bad("a query or fragment cannot be part of an endpoint");
  }
  const std::size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  while (!path.empty() && path.back() == '/')
    path.remove_suffix(1);
  out.path = std::string(path);
  if (authority.find('@') != std::string_view::npos) {
    return bad("user names and passwords in the URL are not supported");
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("an IPv6 address lacks its ']'");
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected text after the IPv6 address");
      port = after.substr(1);
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host == "[]") return bad("it has no host");
  if (!port.empty() || authority.ends_with(':')) {
    const bool digits =
        !port.empty() && port.size() <= 5 &&
        std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    if (!digits || std::stoi(std::string(port)) == 0 || std::stoi(std::string(port)) > 65535) {
      return bad("the port must be a number from 1 to 65535");
    }
  }
  out.host = std::string(host);
  std::transform(out.host.begin(), out.host.end(), out.host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  out.port = std::string(port);
  return out;
}

struct Override {
  std::string url;
  std::string origin;
};

std::optional<Override> find_override(Service service, const EndpointOptions& options,
                                      const Environment& environment) {
  if (!options.endpoint_url.empty()) return Override{options.endpoint_url, "--endpoint-url"};
  if (env_flag(environment, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) return std::nullopt;
  const std::string service_variable =
      "AWS_ENDPOINT_URL_" + std::string(endpoint_env_suffix(service));
  if (auto url = environment.get(service_variable)) return Override{*url, service_variable};
  if (auto url = environment.get("AWS_ENDPOINT_URL")) return Override{*url, "AWS_ENDPOINT_URL"};
  if (!options.config_service_endpoint_url.empty()) {
    return Override{options.config_service_endpoint_url, "config services endpoint_url"};
  }
  if (!options.config_endpoint_url.empty()) {
    return Override{options.config_endpoint_url, "config endpoint_url"};
  }
  return std::nullopt;
}

}  // namespace

std::string_view service_name(Service service) {
  switch (service) {
    case Service::sagemaker_runtime:
      return "sagemaker-runtime";
    case Service::sagemaker:
      return "sagemaker";
    case Service::sts:
      return "sts";
    case Service::s3:
      return "s3";
    case Service::comprehend:
      return "comprehend";
  }
  return "sagemaker-runtime";
}

std::string_view signing_name(Service service) {
  switch (service) {
    case Service::sagemaker_runtime:
    case Service::sagemaker:
      return "sagemaker";
    case Service::sts:
      return "sts";
    case Service::s3:
      return "s3";
    case Service::comprehend:
      return "comprehend";
  }
  return "sagemaker";
}

std::string_view endpoint_env_suffix(Service service) {
  switch (service) {
    case Service::sagemaker_runtime:
      return "SAGEMAKER_RUNTIME";
    case Service::sagemaker:
      return "SAGEMAKER";
    case Service::sts:
      return "STS";
    case Service::s3:
      return "S3";
    case Service::comprehend:
      return "COMPREHEND";
  }
  return "SAGEMAKER_RUNTIME";
}

Result<ResolvedEndpoint> resolve_endpoint(Service service, std::string_view region,
                                          const EndpointOptions& options,
                                          const Environment& environment) {
  if (auto valid = validate_region(region); !valid) return std::unexpected(valid.error());
  bool fips = options.use_fips.value_or(env_flag(environment, "AWS_USE_FIPS_ENDPOINT"));
  const bool dual_stack =
      options.use_dual_stack.value_or(env_flag(environment, "AWS_USE_DUALSTACK_ENDPOINT"));

  // Legacy pseudo regions from endpoints.json: "us-east-1-fips" / "fips-us-east-1" mean FIPS in
  // the real region, which is also the signing region.
  std::string real_region(region);
  if (real_region.starts_with("fips-")) {
    real_region.erase(0, 5);
    fips = true;
  } else if (real_region.ends_with("-fips")) {
    real_region.resize(real_region.size() - 5);
    fips = true;
  }
  if (real_region.empty()) {
    std::string message = "Region '";
    message.append(region).append("' names no region");
    return invalid("InvalidRegion", std::move(message));
  }

  const Partition& partition = partition_of_region(real_region);
  ResolvedEndpoint out;
  out.signing_name = std::string(signing_name(service));
  out.partition = std::string(partition.id);

  if (auto custom = find_override(service, options, environment)) {
    auto url = parse_endpoint_url(custom->url, custom->origin);
    if (!url) return std::unexpected(url.error());
    out.scheme = std::move(url->scheme);
    out.host = std::move(url->host);
    out.port = std::move(url->port);
    out.base_path = std::move(url->path);
    out.url = out.scheme + "://" + out.authority() + out.base_path;
    out.signing_region = real_region;
    out.source = std::move(custom->origin);
    return out;
  }

  auto host = aws_host(service, real_region, partition, fips, dual_stack);
  if (!host) return std::unexpected(host.error());
  out.scheme = "https";
  out.host = std::move(host->host);
  out.url = "https://" + out.host;
  out.signing_region = std::move(host->signing_region);
  out.source = "aws";
  return out;
}

}  // namespace smp::aws
