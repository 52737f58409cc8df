// FunASR SenseVoiceSmall on the Hugging Face inference toolkit (user-needs §2.11): the body names
// the audio, {"bucket_name", "s3_key"} or {"audio_s3_presign_uri"}; the container downloads it
// and answers json.dumps({"text": ...}) (", " and ": ", non-ASCII \u-escaped). Missing input and
// failed downloads answer 200 with {"error": ...}, as the real transform_fn does; an unreadable
// body or audio fails in the toolkit (400 {"code","type","message"}).
#include <boost/json.hpp>

#include "emulator/audio/transcriber.hpp"
#include "emulator/containers/builtin.hpp"
#include "emulator/containers/json_writer.hpp"

namespace smp::emulator::builtin {
namespace {

namespace json = boost::json;

std::string text_field(const json::object& body, std::string_view name) {
  const json::value* value = body.if_contains(name);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

InvocationOutput dumps_answer(std::string_view key, std::string_view value) {
  JsonWriter out(JsonStyle::python_dumps());
  out.begin_object().field(key, value).end_object();
  return json_answer(200, out.take());
}

class FunAsrContainer final : public Container {
 public:
  std::string_view kind() const override { return "funasr"; }

  InvocationOutput invoke(const InvocationInput& input, ContainerContext& context) const override {
    auto parsed = parse_json(input.body);
    if (!parsed) return model_server_error(400, parsed.error().python_message());
    if (!parsed->is_object())
      return model_server_error(400, "'list' object has no attribute 'get'");
    const json::object& body = parsed->as_object();
    const std::string url = text_field(body, "audio_s3_presign_uri");
    const std::string bucket = text_field(body, "bucket_name");
    const std::string key = text_field(body, "s3_key");
    if (url.empty() && (bucket.empty() || key.empty())) {
      return dumps_answer("error", "No valid input passed.");
    }
    if (!context.object_store) return dumps_answer("error", "No Audio downloaded.");
    auto audio = url.empty() ? context.object_store->get_object(bucket, key)
                             : context.object_store->get_presigned(url);
    if (!audio) return dumps_answer("error", "No Audio downloaded.");
    auto transcript = audio::transcribe(*audio);
    if (!transcript) return model_server_error(400, transcript.error());
    return dumps_answer("text", transcript->text);
  }
};

}  // namespace

std::unique_ptr<Container> make_funasr(const ContainerOptions&) {
  return std::make_unique<FunAsrContainer>();
}

}  // namespace smp::emulator::builtin
