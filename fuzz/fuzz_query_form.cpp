// The STS Query protocol on untrusted bytes: form decoding, then the whole STS service (signed
// and unsigned) on whatever parameters came out, plus the legacy SigV2 presign parser.
// Oracles beyond "no crash": parsing is lossless for names/values without '&', '=', '%' and '+';
// every STS answer is a complete XML document whose RequestId is ours.
#include <cstdint>
#include <cstdlib>
#include <pugixml.hpp>
#include <string>

#include "base/clock.hpp"
#include "emulator/config.hpp"
#include "emulator/principals.hpp"
#include "emulator/query_params.hpp"
#include "emulator/s3_sigv2_query.hpp"
#include "emulator/sts_service.hpp"

namespace {

using namespace smp;
using namespace smp::emulator;

struct World {
  ManualClock clock{SystemTime(std::chrono::seconds(1'700'000'000))};
  EmulatorConfig config = [] {
    auto c = default_config(MapEnvironment{});
    c.roles[0].web_identity.tokens.push_back("fixed-token");
    return c;
  }();
  CredentialStore store{clock, 64};
  StsService sts{config, store, clock};
  std::shared_ptr<const Principal> caller = [this] {
    for (const auto& identity : config.identities)
      store.add_identity(identity, config.account);
    return store.find("test")->principal;
  }();
};

void check_xml(const HttpResponse& response) {
  pugi::xml_document document;
  if (!document.load_buffer(response.body.data(), response.body.size())) std::abort();
  if (!document.select_node("//RequestId")) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto params = QueryParams::parse(input);
  for (const auto& [name, value] : params.pairs())
    (void)name, (void)value;
  RequestLogEntry log;
  check_xml(world.sts.handle(params, nullptr, "fuzz-request", log));
  check_xml(world.sts.handle(params, world.caller.get(), "fuzz-request", log));
  if (auto v2 = parse_sigv2_query(params))
    (void)verify_sigv2_query("GET", "/b/k", *v2, "secret", world.clock.now());
  // Round trip: a simple pair survives encode-free parsing unchanged.
  if (input.find_first_of("&=%+") == std::string_view::npos && !input.empty()) {
    const auto simple = QueryParams::parse(std::string(input) + "=" + std::string(input));
    if (simple.pairs().size() != 1 || simple.pairs()[0].first != input ||
        simple.pairs()[0].second != input)
      std::abort();
  }
  return 0;
}
