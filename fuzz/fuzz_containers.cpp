// Every built-in container under arbitrary request bodies. Byte 0 picks the container (and
// whether the call is on the streaming route); the rest is the body. Oracles beyond "no crash":
// the answer is an HTTP status, exactly one of body/stream carries it, and a 2xx JSON answer of
// a JSON container parses.
#include <boost/json.hpp>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "emulator/containers/container.hpp"

namespace {

using namespace smp;
using namespace smp::emulator;

// A tiny object store holding one known object, so FunASR and CosyVoice reach their S3 paths.
class FuzzStore final : public ObjectStore {
 public:
  Result<void> put_object(std::string_view, std::string_view, std::string,
                          std::string_view) override {
    return {};
  }
  Result<std::string> get_object(std::string_view bucket, std::string_view key) override {
    if (bucket == "b" && key == "k") return std::string("RIFF\x24\0\0\0WAVEfmt ", 16);
    return fail(ErrorKind::not_found, "NoSuchKey", "no such key");
  }
  Result<std::string> presign_get(std::string_view bucket, std::string_view key,
                                  std::chrono::seconds) override {
    return "http://127.0.0.1/" + std::string(bucket) + "/" + std::string(key);
  }
  Result<std::string> get_presigned(std::string_view url) override {
    if (url == "http://127.0.0.1/b/k") return get_object("b", "k");
    return fail(ErrorKind::not_found, "NoSuchKey", "no such key");
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const auto containers = [] {
    std::vector<std::unique_ptr<Container>> all;
    for (auto kind : container_kinds())
      all.push_back(std::move(*make_container(kind)));
    return all;
  }();
  const std::size_t which = data[0] % containers.size();
  InvocationInput input;
  input.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  input.content_type = "application/json";
  input.streaming = (data[0] & 0x80) != 0;
  input.custom_attributes = (data[0] & 0x40) != 0 ? "emulator_error_after_tokens=1" : "";
  FuzzStore store;
  ContainerContext context;
  context.object_store = &store;
  context.seed = size;
  const InvocationOutput out = containers[which]->invoke(input, context);
  if (out.status < 200 || out.status > 599) std::abort();
  if (out.streamed() && !out.body.empty()) std::abort();
  if (out.ok() && !out.streamed() && out.content_type == "application/json") {
    boost::system::error_code ec;
    boost::json::parse(out.body, ec);
    if (ec) std::abort();
  }
  return 0;
}
