#pragma once
// Shared pieces of the emulator's component tests: an emulator on an ephemeral loopback port
// with a hand-moved clock, requests signed by our own signer and sent over real sockets, and a
// stand-in container whose answers show exactly what the emulator passed to it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "aws/credentials.hpp"
#include "aws/eventstream.hpp"
#include "aws/sigv4.hpp"
#include "base/clock.hpp"
#include "base/environment.hpp"
#include "emulator/config.hpp"
#include "emulator/emulator.hpp"
#include "emulator/service_error.hpp"
#include "http/blocking_transport.hpp"

namespace smp::emulator::testing {

// kind "echo". Non-stream: 200 + a JSON document of what it received. Stream: one record per
// line of the body (newlines kept). Options (extra): "status" answers that status with
// {"error":"stand-in failure"}; "fail_after" ends a stream with a StreamFailure after N records;
// "custom_attributes" is returned as the response's custom attributes.
class EchoContainer final : public Container {
 public:
  explicit EchoContainer(ContainerOptions options) : options_(std::move(options)) {}
  InvocationOutput invoke(const InvocationInput& input, ContainerContext& context) const override;
  std::string_view kind() const override { return "echo"; }

 private:
  ContainerOptions options_;
};

ContainerFactory echo_factory();

// An endpoint served by the stand-in container.
EndpointConfig echo_endpoint(std::string name);

inline aws::Credentials test_credentials() {
  aws::Credentials c;
  c.access_key_id = "test";
  c.secret_access_key = "test";
  return c;
}

struct SignOptions {
  std::string region = "us-east-1";
  std::string service = "sagemaker";
  std::optional<SystemTime> time;  // default: the emulator's clock
  bool s3 = false;
};

class EmulatorTest : public ::testing::Test {
 protected:
  // A config with the default identities/roles and no endpoints; tests add what they need.
  static EmulatorConfig base_config();

  void start(EmulatorConfig config);
  void TearDown() override;

  HttpRequest make_request(std::string method, std::string path, std::string body = {},
                           Headers headers = {}) const;
  void sign(HttpRequest& request, const aws::Credentials& credentials,
            const SignOptions& options = {}) const;
  HttpResponse send(const HttpRequest& request) const;
  // make_request + sign + send.
  HttpResponse call(std::string method, std::string path, std::string body = {},
                    Headers headers = {}, const aws::Credentials& credentials = test_credentials(),
                    const SignOptions& options = {}) const;
  // An STS Query call (form body).
  HttpResponse sts(std::string form, const aws::Credentials& credentials = test_credentials(),
                   const SignOptions& options = {}) const;

  ManualClock clock_{std::chrono::system_clock::now()};
  std::unique_ptr<Emulator> emulator_;
  // One per process: building a client is not free, and tests only talk plain http to loopback.
  static const aws::HttpTransport& shared_transport();
  const aws::HttpTransport& transport_ = shared_transport();
};

// The body as a JSON object (fails the test when it is not one).
boost::json::object json_body(const HttpResponse& response);
// The text of the first element `name` in an XML document, "" when absent.
std::string xml_text(const std::string& xml, const std::string& name);

struct DecodedEvent {
  std::string message_type;  // event / exception / error
  std::string event_type;    // PayloadPart, ModelStreamError, ...
  std::string content_type;
  std::string payload;
};
// Decodes a whole event-stream body with our decoder (feeding it in small pieces).
std::vector<DecodedEvent> decode_events(const std::string& body);

}  // namespace smp::emulator::testing
