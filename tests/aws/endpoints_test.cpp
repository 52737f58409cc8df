// Partition table, service hosts (expected values are botocore 1.43.11's rule-set answers and the
// [verified] hosts of aws-wire.md §1.2 and §4.1), overrides and region resolution.
#include "aws/endpoints.hpp"

#include <gtest/gtest.h>

#include "aws/partitions.hpp"

namespace smp::aws {
namespace {

struct HostCase {
  Service service;
  std::string region;
  bool fips;
  bool dual_stack;
  std::string url;
  std::string signing_region;
};

std::string resolve_url(Service service, std::string_view region, bool fips, bool dual_stack,
                        std::string* signing_region = nullptr) {
  EndpointOptions options;
  options.use_fips = fips;
  options.use_dual_stack = dual_stack;
  auto endpoint = resolve_endpoint(service, region, options, MapEnvironment{});
  if (!endpoint) return "ERROR " + endpoint.error().message;
  if (signing_region) *signing_region = endpoint->signing_region;
  return endpoint->url;
}

TEST(Partitions, RegionsMapToTheirPartitions) {
  EXPECT_EQ(partition_of_region("us-east-1").id, "aws");
  EXPECT_EQ(partition_of_region("eu-west-1").id, "aws");
  EXPECT_EQ(partition_of_region("mx-central-1").id, "aws");
  EXPECT_EQ(partition_of_region("ap-southeast-9").id, "aws");  // future region, by pattern
  EXPECT_EQ(partition_of_region("aws-global").id, "aws");
  EXPECT_EQ(partition_of_region("cn-north-1").id, "aws-cn");
  EXPECT_EQ(partition_of_region("cn-south-7").id, "aws-cn");
  EXPECT_EQ(partition_of_region("aws-cn-global").id, "aws-cn");
  EXPECT_EQ(partition_of_region("eusc-de-east-1").id, "aws-eusc");
  EXPECT_EQ(partition_of_region("us-iso-east-1").id, "aws-iso");
  EXPECT_EQ(partition_of_region("us-isob-east-1").id, "aws-iso-b");
  EXPECT_EQ(partition_of_region("eu-isoe-west-1").id, "aws-iso-e");
  EXPECT_EQ(partition_of_region("us-isof-south-1").id, "aws-iso-f");
  EXPECT_EQ(partition_of_region("us-gov-west-1").id, "aws-us-gov");
  EXPECT_EQ(partition_of_region("us-gov-north-9").id, "aws-us-gov");
  // Unknown shapes fall back to aws (botocore).
  EXPECT_EQ(partition_of_region("xx-foo-1").id, "aws");
  EXPECT_EQ(partition_of_region("localstack").id, "aws");
}

TEST(Partitions, TableFacts) {
  ASSERT_EQ(partitions().size(), 8u);
  EXPECT_EQ(partitions().front().id, "aws");
  const Partition* cn = find_partition("aws-cn");
  ASSERT_NE(cn, nullptr);
  EXPECT_EQ(cn->dns_suffix, "amazonaws.com.cn");
  EXPECT_EQ(cn->dual_stack_dns_suffix, "api.amazonwebservices.com.cn");
  EXPECT_EQ(cn->implicit_global_region, "cn-northwest-1");
  EXPECT_EQ(find_partition("aws-us-gov")->implicit_global_region, "us-gov-west-1");
  EXPECT_EQ(find_partition("nope"), nullptr);
}

TEST(Partitions, RegionsOfPartition) {
  const auto aws = regions_of_partition("aws");
  EXPECT_EQ(aws.size(), 34u);
  for (std::string_view r : {"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1",
                             "eu-central-1", "ap-northeast-1", "ap-southeast-2", "sa-east-1",
                             "ca-central-1", "me-south-1", "af-south-1", "il-central-1"}) {
    EXPECT_NE(std::find(aws.begin(), aws.end(), r), aws.end()) << r;
  }
  for (std::string_view r : aws) {
    EXPECT_EQ(partition_of_region(r).id, "aws") << r;
    EXPECT_TRUE(validate_region(r)) << r;
  }
  EXPECT_TRUE(std::is_sorted(aws.begin(), aws.end()));
  const auto cn = regions_of_partition("aws-cn");
  EXPECT_EQ(std::vector<std::string_view>(cn.begin(), cn.end()),
            (std::vector<std::string_view>{"cn-north-1", "cn-northwest-1"}));
  const auto gov = regions_of_partition("aws-us-gov");
  EXPECT_EQ(std::vector<std::string_view>(gov.begin(), gov.end()),
            (std::vector<std::string_view>{"us-gov-east-1", "us-gov-west-1"}));
  EXPECT_TRUE(regions_of_partition("aws-nope").empty());
}

TEST(Endpoints, HostsMatchTheRuleSets) {
  const HostCase cases[] = {
      // SageMaker Runtime, aws-wire.md §1.2 [verified].
      {Service::sagemaker_runtime, "us-east-1", false, false,
       "https://runtime.sagemaker.us-east-1.amazonaws.com", "us-east-1"},
      {Service::sagemaker_runtime, "us-east-1", true, false,
       "https://runtime-fips.sagemaker.us-east-1.amazonaws.com", "us-east-1"},
      {Service::sagemaker_runtime, "cn-north-1", false, false,
       "https://runtime.sagemaker.cn-north-1.amazonaws.com.cn", "cn-north-1"},
      {Service::sagemaker_runtime, "cn-north-1", true, false,
       "https://runtime.sagemaker-fips.cn-north-1.amazonaws.com.cn", "cn-north-1"},
      {Service::sagemaker_runtime, "us-gov-west-1", false, false,
       "https://runtime.sagemaker.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
      {Service::sagemaker_runtime, "us-gov-west-1", true, false,
       "https://runtime.sagemaker.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
      {Service::sagemaker_runtime, "eusc-de-east-1", false, false,
       "https://runtime.sagemaker.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1"},
      // Dual stack and the other partitions (botocore rule-set answers).
      {Service::sagemaker_runtime, "us-east-1", false, true,
       "https://runtime.sagemaker.us-east-1.api.aws", "us-east-1"},
      {Service::sagemaker_runtime, "us-east-1", true, true,
       "https://runtime.sagemaker-fips.us-east-1.api.aws", "us-east-1"},
      {Service::sagemaker_runtime, "us-gov-west-1", true, true,
       "https://runtime.sagemaker-fips.us-gov-west-1.api.aws", "us-gov-west-1"},
      {Service::sagemaker_runtime, "us-iso-east-1", false, false,
       "https://runtime.sagemaker.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"},
      {Service::sagemaker_runtime, "us-iso-east-1", false, true,
       "https://runtime.sagemaker.us-iso-east-1.api.aws.ic.gov", "us-iso-east-1"},
      {Service::sagemaker_runtime, "eu-isoe-west-1", true, false,
       "https://runtime.sagemaker-fips.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1"},
      {Service::sagemaker_runtime, "xx-foo-1", true, false,
       "https://runtime-fips.sagemaker.xx-foo-1.amazonaws.com", "xx-foo-1"},
      // Legacy FIPS pseudo regions sign with the real region (§1.2).
      {Service::sagemaker_runtime, "us-east-1-fips", false, false,
       "https://runtime-fips.sagemaker.us-east-1.amazonaws.com", "us-east-1"},
      {Service::sagemaker_runtime, "fips-us-east-1", false, false,
       "https://runtime-fips.sagemaker.us-east-1.amazonaws.com", "us-east-1"},
      {Service::sagemaker_runtime, "us-gov-west-1-fips", false, false,
       "https://runtime.sagemaker.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
      // SageMaker control plane.
      {Service::sagemaker, "us-east-1", false, false,
       "https://api.sagemaker.us-east-1.amazonaws.com", "us-east-1"},
      {Service::sagemaker, "us-east-1", true, false,
       "https://api-fips.sagemaker.us-east-1.amazonaws.com", "us-east-1"},
      {Service::sagemaker, "us-gov-west-1", true, false,
       "https://api-fips.sagemaker.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
      {Service::sagemaker, "cn-north-1", true, false,
       "https://api.sagemaker-fips.cn-north-1.amazonaws.com.cn", "cn-north-1"},
      {Service::sagemaker, "eu-west-1", true, true, "https://api.sagemaker-fips.eu-west-1.api.aws",
       "eu-west-1"},
      // STS, aws-wire.md §4.1 [verified] and the rule set.
      {Service::sts, "us-east-1", false, false, "https://sts.us-east-1.amazonaws.com", "us-east-1"},
      {Service::sts, "eu-west-1", false, false, "https://sts.eu-west-1.amazonaws.com", "eu-west-1"},
      {Service::sts, "cn-north-1", false, false, "https://sts.cn-north-1.amazonaws.com.cn",
       "cn-north-1"},
      {Service::sts, "us-gov-west-1", false, false, "https://sts.us-gov-west-1.amazonaws.com",
       "us-gov-west-1"},
      {Service::sts, "us-east-1", true, false, "https://sts-fips.us-east-1.amazonaws.com",
       "us-east-1"},
      {Service::sts, "us-gov-west-1", true, false, "https://sts.us-gov-west-1.amazonaws.com",
       "us-gov-west-1"},
      {Service::sts, "us-gov-west-1", true, true, "https://sts-fips.us-gov-west-1.api.aws",
       "us-gov-west-1"},
      {Service::sts, "us-east-1", false, true, "https://sts.us-east-1.api.aws", "us-east-1"},
      {Service::sts, "aws-global", false, false, "https://sts.amazonaws.com", "us-east-1"},
      {Service::sts, "us-east-1-fips", false, false, "https://sts-fips.us-east-1.amazonaws.com",
       "us-east-1"},
      // S3 (regional us-east-1 host; path-style base).
      {Service::s3, "us-east-1", false, false, "https://s3.us-east-1.amazonaws.com", "us-east-1"},
      {Service::s3, "eu-west-1", true, false, "https://s3-fips.eu-west-1.amazonaws.com",
       "eu-west-1"},
      {Service::s3, "eu-west-1", false, true, "https://s3.dualstack.eu-west-1.amazonaws.com",
       "eu-west-1"},
      {Service::s3, "us-gov-west-1", true, true,
       "https://s3-fips.dualstack.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
      {Service::s3, "cn-north-1", false, false, "https://s3.cn-north-1.amazonaws.com.cn",
       "cn-north-1"},
      {Service::s3, "aws-global", false, false, "https://s3.amazonaws.com", "us-east-1"},
      {Service::s3, "aws-global", true, false, "https://s3-fips.us-east-1.amazonaws.com",
       "us-east-1"},
      // Comprehend.
      {Service::comprehend, "us-east-1", false, false, "https://comprehend.us-east-1.amazonaws.com",
       "us-east-1"},
      {Service::comprehend, "us-gov-west-1", true, false,
       "https://comprehend-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
      {Service::comprehend, "cn-north-1", false, true,
       "https://comprehend.cn-north-1.api.amazonwebservices.com.cn", "cn-north-1"},
      {Service::comprehend, "fips-us-east-2", false, false,
       "https://comprehend-fips.us-east-2.amazonaws.com", "us-east-2"},
  };
  for (const HostCase& c : cases) {
    SCOPED_TRACE(std::string(service_name(c.service)) + " " + c.region +
                 " fips=" + std::to_string(c.fips) + " ds=" + std::to_string(c.dual_stack));
    std::string signing_region;
    EXPECT_EQ(resolve_url(c.service, c.region, c.fips, c.dual_stack, &signing_region), c.url);
    EXPECT_EQ(signing_region, c.signing_region);
  }
}

TEST(Endpoints, S3FipsInChinaIsRefused) {
  EXPECT_TRUE(resolve_url(Service::s3, "cn-north-1", true, false).starts_with("ERROR "));
}

TEST(Endpoints, SigningNamesAndFields) {
  auto runtime = resolve_endpoint(Service::sagemaker_runtime, "eu-central-1", {}, MapEnvironment{});
  ASSERT_TRUE(runtime);
  EXPECT_EQ(runtime->signing_name, "sagemaker");
  EXPECT_EQ(runtime->host, "runtime.sagemaker.eu-central-1.amazonaws.com");
  EXPECT_EQ(runtime->authority(), runtime->host);
  EXPECT_EQ(runtime->scheme, "https");
  EXPECT_EQ(runtime->partition, "aws");
  EXPECT_EQ(runtime->source, "aws");
  EXPECT_FALSE(runtime->custom());
  EXPECT_EQ(signing_name(Service::sagemaker), "sagemaker");
  EXPECT_EQ(signing_name(Service::sts), "sts");
  EXPECT_EQ(signing_name(Service::s3), "s3");
  EXPECT_EQ(signing_name(Service::comprehend), "comprehend");
}

TEST(Endpoints, FipsAndDualStackFromTheEnvironment) {
  MapEnvironment env{{"AWS_USE_FIPS_ENDPOINT", "TRUE"}, {"AWS_USE_DUALSTACK_ENDPOINT", "yes"}};
  auto endpoint = resolve_endpoint(Service::sagemaker_runtime, "us-west-2", {}, env);
  ASSERT_TRUE(endpoint);
  // "TRUE" enables (any case); "yes" does not (botocore ensure_boolean).
  EXPECT_EQ(endpoint->url, "https://runtime-fips.sagemaker.us-west-2.amazonaws.com");
  EndpointOptions off;
  off.use_fips = false;  // an explicit choice beats the environment
  EXPECT_EQ(resolve_endpoint(Service::sagemaker_runtime, "us-west-2", off, env)->url,
            "https://runtime.sagemaker.us-west-2.amazonaws.com");
}

TEST(Endpoints, OverridePrecedence) {
  MapEnvironment env{{"AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", "http://127.0.0.1:9001"},
                     {"AWS_ENDPOINT_URL", "http://localhost:9000/"}};
  EndpointOptions options;
  options.config_service_endpoint_url = "https://config-service.example";
  options.config_endpoint_url = "https://config-global.example";

  auto runtime = resolve_endpoint(Service::sagemaker_runtime, "us-east-1", options, env);
  ASSERT_TRUE(runtime);
  EXPECT_EQ(runtime->url, "http://127.0.0.1:9001");
  EXPECT_EQ(runtime->source, "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME");
  EXPECT_EQ(runtime->host, "127.0.0.1");
  EXPECT_EQ(runtime->port, "9001");
  EXPECT_EQ(runtime->authority(), "127.0.0.1:9001");
  EXPECT_EQ(runtime->signing_region, "us-east-1");
  EXPECT_EQ(runtime->signing_name, "sagemaker");
  EXPECT_TRUE(runtime->custom());

  // No service variable for STS: the global one, trailing slash dropped.
  auto sts = resolve_endpoint(Service::sts, "us-east-1", options, env);
  ASSERT_TRUE(sts);
  EXPECT_EQ(sts->url, "http://localhost:9000");
  EXPECT_EQ(sts->source, "AWS_ENDPOINT_URL");

  // The explicit flag beats everything.
  options.endpoint_url = "https://explicit.example:8443/base/";
  auto flagged = resolve_endpoint(Service::sagemaker_runtime, "us-east-1", options, env);
  ASSERT_TRUE(flagged);
  EXPECT_EQ(flagged->url, "https://explicit.example:8443/base");
  EXPECT_EQ(flagged->base_path, "/base");
  EXPECT_EQ(flagged->source, "--endpoint-url");
  options.endpoint_url.clear();

  // Without environment variables: the config's service-specific value, then its global one.
  MapEnvironment empty;
  EXPECT_EQ(resolve_endpoint(Service::s3, "us-east-1", options, empty)->url,
            "https://config-service.example");
  options.config_service_endpoint_url.clear();
  EXPECT_EQ(resolve_endpoint(Service::s3, "us-east-1", options, empty)->url,
            "https://config-global.example");

  // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS drops every configured source, not the flag.
  MapEnvironment ignoring{{"AWS_ENDPOINT_URL", "http://localhost:9000"},
                          {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}};
  EXPECT_EQ(resolve_endpoint(Service::sts, "eu-west-1", options, ignoring)->url,
            "https://sts.eu-west-1.amazonaws.com");
  options.endpoint_url = "http://flag.example";
  EXPECT_EQ(resolve_endpoint(Service::sts, "eu-west-1", options, ignoring)->url,
            "http://flag.example");
}

TEST(Endpoints, OverrideDropsFipsAndKeepsTheRealSigningRegion) {
  MapEnvironment env{{"AWS_ENDPOINT_URL", "http://127.0.0.1:4566"}};
  EndpointOptions options;
  options.use_fips = true;
  auto endpoint = resolve_endpoint(Service::sagemaker_runtime, "us-east-1-fips", options, env);
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->url, "http://127.0.0.1:4566");
  EXPECT_EQ(endpoint->signing_region, "us-east-1");
}

TEST(Endpoints, EveryServiceHasItsOwnVariable) {
  const std::pair<Service, std::string> services[] = {
      {Service::sagemaker_runtime, "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME"},
      {Service::sagemaker, "AWS_ENDPOINT_URL_SAGEMAKER"},
      {Service::sts, "AWS_ENDPOINT_URL_STS"},
      {Service::s3, "AWS_ENDPOINT_URL_S3"},
      {Service::comprehend, "AWS_ENDPOINT_URL_COMPREHEND"},
  };
  for (const auto& [service, variable] : services) {
    MapEnvironment env{{variable, "http://" + std::string(service_name(service)) + ".local"}};
    auto endpoint = resolve_endpoint(service, "us-east-1", {}, env);
    ASSERT_TRUE(endpoint) << variable;
    EXPECT_EQ(endpoint->url, "http://" + std::string(service_name(service)) + ".local");
    // No other service picks it up.
    for (const auto& [other, other_variable] : services) {
      if (other == service) continue;
      EXPECT_FALSE(resolve_endpoint(other, "us-east-1", {}, env)->custom()) << other_variable;
    }
  }
}

TEST(Endpoints, MalformedOverridesAreClearErrors) {
  for (std::string bad : {"localhost:9000", "ftp://host", "http://", "http://:80", "http://host:0",
                          "http://host:99999", "http://host:port", "http://user:pw@host",
                          "http://host/path?x=1", "http://ho st", "http://[::1"}) {
    SCOPED_TRACE(bad);
    MapEnvironment env{{"AWS_ENDPOINT_URL_STS", bad}};
    auto endpoint = resolve_endpoint(Service::sts, "us-east-1", {}, env);
    ASSERT_FALSE(endpoint);
    EXPECT_EQ(endpoint.error().kind, ErrorKind::invalid_argument);
    EXPECT_NE(endpoint.error().message.find("AWS_ENDPOINT_URL_STS"), std::string::npos)
        << endpoint.error().message;
  }
  MapEnvironment v6{{"AWS_ENDPOINT_URL", "HTTP://[::1]:8080"}};
  auto endpoint = resolve_endpoint(Service::sts, "us-east-1", {}, v6);
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->host, "[::1]");
  EXPECT_EQ(endpoint->port, "8080");
  EXPECT_EQ(endpoint->url, "http://[::1]:8080");
}

TEST(Regions, ResolutionOrder) {
  MapEnvironment both{{"AWS_REGION", "eu-west-1"}, {"AWS_DEFAULT_REGION", "eu-west-2"}};
  MapEnvironment default_only{{"AWS_DEFAULT_REGION", "eu-west-2"}};
  MapEnvironment none;
  EXPECT_EQ(resolve_region("ap-south-1", both, "us-west-2")->region, "ap-south-1");
  EXPECT_EQ(resolve_region("ap-south-1", both, "us-west-2")->source, "--region");
  EXPECT_EQ(resolve_region("", both, "us-west-2")->region, "eu-west-1");
  EXPECT_EQ(resolve_region("", both, "us-west-2")->source, "AWS_REGION");
  EXPECT_EQ(resolve_region("", default_only, "us-west-2")->region, "eu-west-2");
  EXPECT_EQ(resolve_region("", none, "us-west-2")->region, "us-west-2");
  EXPECT_EQ(resolve_region("", none, "us-west-2")->source, "profile");
  auto missing = resolve_region("", none, "");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(missing.error().message.find("--region"), std::string::npos);
}

TEST(Regions, MalformedRegionsSayWhatIsWrongAndWhere) {
  MapEnvironment env{{"AWS_REGION", "US-EAST-1"}};
  auto upper = resolve_region("", env);
  ASSERT_FALSE(upper);
  EXPECT_NE(upper.error().message.find("us-east-1"), std::string::npos);
  EXPECT_NE(upper.error().message.find("AWS_REGION"), std::string::npos);

  auto zone = resolve_region("us-east-1a", env);
  ASSERT_FALSE(zone);
  EXPECT_NE(zone.error().message.find("availability zone"), std::string::npos);
  EXPECT_NE(zone.error().message.find("--region"), std::string::npos);

  for (std::string bad :
       std::vector<std::string>{"us east 1", "-us-east-1", "us-east-1-", "https://us-east-1",
                                "us_east_1", std::string(64, 'a'), "us-east-1\n"}) {
    EXPECT_FALSE(validate_region(bad)) << bad;
  }
  for (std::string good : {"us-east-1", "aws-global", "us-east-1-fips", "fips-us-east-1",
                           "eusc-de-east-1", "localstack", "a"}) {
    EXPECT_TRUE(validate_region(good)) << good;
  }
  EXPECT_FALSE(resolve_endpoint(Service::sts, "Bad Region", {}, MapEnvironment{}));
}

}  // namespace
}  // namespace smp::aws
