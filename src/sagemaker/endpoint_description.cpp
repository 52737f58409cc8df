#include "sagemaker/endpoint_description.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace smp::sagemaker {

namespace json = boost::json;

HttpRequest build_describe_endpoint_request(const std::string& endpoint_name,
                                            const std::string& base_url) {
  HttpRequest req;
  req.method = "POST";
  std::string_view base = base_url;
  while (!base.empty() && base.back() == '/')
    base.remove_suffix(1);
  req.url = std::string(base) + "/";
  req.headers.add("Content-Type", "application/x-amz-json-1.1");
  req.headers.add("X-Amz-Target", "SageMaker.DescribeEndpoint");
  req.body = json::serialize(json::object{{"EndpointName", endpoint_name}});
  return req;
}

namespace {

std::string string_field(const json::object& o, std::string_view key) {
  if (auto* v = o.if_contains(key); v && v->is_string()) return std::string(v->get_string());
  return {};
}

std::optional<double> number_field(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return std::nullopt;
}

std::optional<int> int_field(const json::object& o, std::string_view key) {
  auto n = number_field(o, key);
  if (!n) return std::nullopt;
  return static_cast<int>(*n);
}

}  // namespace

Result<EndpointDescription> parse_describe_endpoint(std::string_view body) {
  boost::system::error_code ec;
  json::value doc = json::parse(body, ec);
  if (ec || !doc.is_object()) {
    return fail(
        ErrorKind::protocol, "BadDescribeEndpointResponse",
        fmt::format("DescribeEndpoint answered with something that is not a JSON object: {}",
                    body.substr(0, 200)));
  }
  const auto& o = doc.get_object();
  EndpointDescription d;
  d.name = string_field(o, "EndpointName");
  d.arn = string_field(o, "EndpointArn");
  d.config_name = string_field(o, "EndpointConfigName");
  d.status = string_field(o, "EndpointStatus");
  d.failure_reason = string_field(o, "FailureReason");
  d.creation_time = number_field(o, "CreationTime");
  if (d.name.empty() || d.status.empty()) {
    return fail(ErrorKind::protocol, "BadDescribeEndpointResponse",
                "DescribeEndpoint answered without EndpointName or EndpointStatus");
  }
  if (auto* variants = o.if_contains("ProductionVariants"); variants && variants->is_array()) {
    for (const auto& v : variants->get_array()) {
      if (!v.is_object()) continue;
      const auto& vo = v.get_object();
      ProductionVariantStatus p;
      p.name = string_field(vo, "VariantName");
      p.current_instance_count = int_field(vo, "CurrentInstanceCount");
      p.desired_instance_count = int_field(vo, "DesiredInstanceCount");
      p.current_weight = number_field(vo, "CurrentWeight");
      p.serverless = vo.contains("CurrentServerlessConfig");
      d.variants.push_back(std::move(p));
    }
  }
  return d;
}

}  // namespace smp::sagemaker
