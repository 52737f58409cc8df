// The emulator's JSON services and request routing on untrusted bytes, without sockets. Byte 0
// picks the target: Comprehend DetectDominantLanguage, SageMaker DescribeEndpoint, the runtime's
// request planning (the rest is split into headers and body), the S3 host/path parser, or the
// service classifier. Oracles beyond "no crash": every JSON answer is valid JSON with a status.
#include <boost/json.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "base/clock.hpp"
#include "emulator/comprehend_service.hpp"
#include "emulator/config.hpp"
#include "emulator/control_plane_service.hpp"
#include "emulator/endpoint_catalog.hpp"
#include "emulator/language_detector.hpp"
#include "emulator/principals.hpp"
#include "emulator/runtime_service.hpp"
#include "emulator/s3_service.hpp"
#include "emulator/service_router.hpp"

namespace {

using namespace smp;
using namespace smp::emulator;

struct World {
  ManualClock clock{SystemTime(std::chrono::seconds(1'700'000'000))};
  EmulatorConfig config = [] {
    auto c = default_config(MapEnvironment{});
    EndpointConfig ic;
    ic.name = "with-components";
    InferenceComponentConfig component;
    component.name = "ic-a";
    component.backend.container = "tgi";
    ic.inference_components.push_back(component);
    c.endpoints.push_back(ic);
    return c;
  }();
  std::unique_ptr<EndpointCatalog> catalog = EndpointCatalog::build(config, clock.now()).value();
  CredentialStore store{clock, 8};
  ComprehendService comprehend;
  ControlPlaneService control{*catalog, config.account};
  RuntimeService runtime{config, *catalog, clock};
  std::shared_ptr<const Principal> caller = [this] {
    store.add_identity(config.identities[0], config.account);
    return store.find("test")->principal;
  }();
};

void check_json(const HttpResponse& response) {
  if (response.status < 200 || response.status > 599) std::abort();
  boost::system::error_code ec;
  (void)boost::json::parse(response.body, ec);
  if (ec) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  RequestLogEntry log;
  HttpRequest request;
  request.method = "POST";
  switch (data[0] % 5) {
    case 0:
      request.body = std::string(rest);
      check_json(world.comprehend.handle(request, "Comprehend_20171127.DetectDominantLanguage",
                                         *world.caller, "id", log));
      if (detect_languages(rest).empty()) std::abort();
      break;
    case 1:
      request.body = std::string(rest);
      check_json(world.control.handle(request, "SageMaker.DescribeEndpoint", *world.caller,
                                      "us-east-1", "id", log));
      break;
    case 2: {
      // "path\nName: value\n…\n\nbody"
      const auto path_end = rest.find('\n');
      const std::string path(rest.substr(0, path_end));
      std::string_view tail = path_end == std::string_view::npos ? "" : rest.substr(path_end + 1);
      while (!tail.empty()) {
        const auto line_end = tail.find('\n');
        const auto line = tail.substr(0, line_end);
        tail = line_end == std::string_view::npos ? "" : tail.substr(line_end + 1);
        if (line.empty()) break;
        const auto colon = line.find(':');
        request.headers.add(
            std::string(line.substr(0, colon)),
            colon == std::string_view::npos ? "" : std::string(line.substr(colon + 1)));
      }
      request.body = std::string(tail);
      auto planned = world.runtime.plan(request, path, *world.caller, "us-east-1", "id", log);
      if (auto* response = std::get_if<HttpResponse>(&planned)) check_json(*response);
      break;
    }
    case 3: {
      const auto split = rest.find(' ');
      const auto target = s3_target(rest.substr(0, split),
                                    split == std::string_view::npos ? "" : rest.substr(split + 1));
      (void)target;
      (void)virtual_host_bucket(rest);
      break;
    }
    default: {
      Headers headers;
      headers.add("X-Amz-Target", std::string(rest.substr(0, rest.size() / 2)));
      headers.add("Content-Type", "application/x-www-form-urlencoded");
      const RequestShape shape{"POST", rest.substr(0, rest.size() / 3), rest, &headers, rest};
      (void)classify_unsigned(shape);
      (void)classify_signed(rest.substr(0, 10), shape);
      break;
    }
  }
  return 0;
}
