#include "emulator/emulator_test_support.hpp"

#include <pugixml.hpp>

namespace smp::emulator::testing {

InvocationOutput EchoContainer::invoke(const InvocationInput& input,
                                       ContainerContext& context) const {
  InvocationOutput output;
  if (const auto status = options_.extra.find("status"); status != options_.extra.end()) {
    output.status = std::stoi(status->second);
    output.content_type = "application/json";
    output.body = R"({"error":"stand-in failure"})";
    return output;
  }
  if (const auto attributes = options_.extra.find("custom_attributes");
      attributes != options_.extra.end())
    output.custom_attributes = attributes->second;
  if (input.streaming) {
    output.content_type = "application/jsonlines";
    std::string_view body = input.body;
    while (!body.empty()) {
      const auto newline = body.find('\n');
      const auto length = newline == std::string_view::npos ? body.size() : newline + 1;
      output.stream_records.emplace_back(body.substr(0, length));
      body.remove_prefix(length);
    }
    if (const auto after = options_.extra.find("fail_after"); after != options_.extra.end()) {
      StreamFailure failure;
      failure.after_records = std::stoul(after->second);
      failure.error_code = "StreamBroken";
      failure.message = "stand-in stream broke";
      output.stream_failure = failure;
    }
    return output;
  }
  output.content_type = "application/json";
  output.body =
      boost::json::serialize(boost::json::object{{"body", input.body},
                                                 {"content_type", input.content_type},
                                                 {"accept", input.accept},
                                                 {"custom_attributes", input.custom_attributes},
                                                 {"variant", input.target_variant},
                                                 {"component", input.inference_component},
                                                 {"endpoint", context.endpoint_name},
                                                 {"model", options_.model_id}});
  return output;
}

ContainerFactory echo_factory() {
  return [](std::string_view kind,
            const ContainerOptions& options) -> Result<std::unique_ptr<Container>> {
    if (kind == "echo") return std::make_unique<EchoContainer>(options);
    return make_container(kind, options);
  };
}

EndpointConfig echo_endpoint(std::string name) {
  EndpointConfig endpoint;
  endpoint.name = std::move(name);
  endpoint.backend.container = "echo";
  return endpoint;
}

EmulatorConfig EmulatorTest::base_config() {
  EmulatorConfig config = default_config(MapEnvironment{});
  config.endpoints.clear();
  return config;
}

const aws::HttpTransport& EmulatorTest::shared_transport() {
  static const aws::HttpTransport transport = [] {
    http::ClientOptions options;
    options.use_system_trust_store = false;
    options.proxy = http::ProxySettings{};
    return http::make_blocking_transport(options);
  }();
  return transport;
}

void EmulatorTest::start(EmulatorConfig config) {
  auto created = Emulator::create(std::move(config), clock_, echo_factory());
  ASSERT_TRUE(created.has_value()) << created.error().message;
  emulator_ = std::move(*created);
  auto started = emulator_->start();
  ASSERT_TRUE(started.has_value()) << started.error().message;
}

void EmulatorTest::TearDown() {
  if (emulator_) emulator_->stop();
}

HttpRequest EmulatorTest::make_request(std::string method, std::string path, std::string body,
                                       Headers headers) const {
  HttpRequest request;
  request.method = std::move(method);
  request.url = emulator_->url() + path;
  request.headers = std::move(headers);
  request.body = std::move(body);
  return request;
}

void EmulatorTest::sign(HttpRequest& request, const aws::Credentials& credentials,
                        const SignOptions& options) const {
  aws::SigningParams params;
  params.region = options.region;
  params.service = options.service;
  params.time = options.time.value_or(clock_.now());
  if (options.s3) {
    params.normalize_path = false;
    params.double_encode_path = false;
    params.add_content_sha256 = true;
  }
  aws::sign_request(request, credentials, params);
}

HttpResponse EmulatorTest::send(const HttpRequest& request) const {
  auto response = transport_(request, aws::TransportOptions{});
  EXPECT_TRUE(response.has_value()) << (response ? "" : response.error().message);
  return response ? std::move(*response) : HttpResponse{};
}

HttpResponse EmulatorTest::call(std::string method, std::string path, std::string body,
                                Headers headers, const aws::Credentials& credentials,
                                const SignOptions& options) const {
  auto request =
      make_request(std::move(method), std::move(path), std::move(body), std::move(headers));
  sign(request, credentials, options);
  return send(request);
}

HttpResponse EmulatorTest::sts(std::string form, const aws::Credentials& credentials,
                               const SignOptions& options) const {
  Headers headers;
  headers.add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  SignOptions sts_options = options;
  sts_options.service = "sts";
  return call("POST", "/", std::move(form), std::move(headers), credentials, sts_options);
}

boost::json::object json_body(const HttpResponse& response) {
  boost::system::error_code ec;
  auto value = boost::json::parse(response.body, ec);
  EXPECT_FALSE(ec) << "not JSON: " << response.body;
  if (ec || !value.is_object()) {
    ADD_FAILURE() << "not a JSON object: " << response.body;
    return {};
  }
  return value.as_object();
}

std::string xml_text(const std::string& xml, const std::string& name) {
  pugi::xml_document document;
  if (!document.load_string(xml.c_str())) return {};
  const auto node = document.select_node(("//" + name).c_str());
  return node ? node.node().text().as_string() : std::string{};
}

std::vector<DecodedEvent> decode_events(const std::string& body) {
  namespace es = aws::eventstream;
  std::vector<DecodedEvent> events;
  es::Decoder decoder;
  // Small pieces, so frames split across reads the way sockets deliver them.
  for (std::size_t offset = 0; offset < body.size(); offset += 7) {
    const std::string_view piece = std::string_view(body).substr(offset, 7);
    decoder.feed(piece);
    while (true) {
      auto message = decoder.next();
      if (!message) {
        ADD_FAILURE() << message.error().message;
        return events;
      }
      if (!*message) break;
      DecodedEvent event;
      const auto& m = **message;
      event.message_type = std::string(m.string_header(":message-type").value_or(""));
      event.event_type = std::string(
          m.string_header(":event-type").value_or(m.string_header(":exception-type").value_or("")));
      event.content_type = std::string(m.string_header(":content-type").value_or(""));
      event.payload = std::string(m.payload);
      events.push_back(std::move(event));
    }
  }
  EXPECT_TRUE(decoder.finish().has_value()) << "truncated event stream";
  return events;
}

}  // namespace smp::emulator::testing
