// CosyVoice TTS BYOC (FastAPI, user-needs §2.9). The deployed model decides the request type:
//   CosyVoice-300M-SFT       {"tts_text", "role"}                       (PresetVoice)
//   CosyVoice-300M           {"tts_text", "prompt_audio", "prompt_text"} (CloneVoice), or without
//                            prompt_text and with a <|lang|> tag in the text (CrossLingual)
//   CosyVoice-300M-Instruct  {"tts_text", "role", "instruct_text"}      (InstructVoice)
// With no model_dir configured the container accepts all four, choosing by the fields present.
// The audio (MP3 at 22.05 kHz, or WAV) goes to the emulated S3 and the answer is
// {"s3_presign_url": "..."} valid for an hour. Like the real server, a body it cannot read is an
// uncaught exception (500 "Internal Server Error") and an unknown model_dir answers 200 with the
// error nested under s3_presign_url.
#include <boost/json.hpp>
#include <chrono>

#include "emulator/audio/speech_synthesizer.hpp"
#include "emulator/containers/builtin.hpp"
#include "emulator/containers/json_writer.hpp"

namespace smp::emulator::builtin {
namespace {

namespace json = boost::json;

enum class Mode { preset, clone, cross_lingual, instruct };

std::optional<std::string> string_field(const json::object& body, std::string_view name) {
  const json::value* value = body.if_contains(name);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

class CosyVoiceContainer final : public Container {
 public:
  explicit CosyVoiceContainer(const ContainerOptions& options) : options_(options) {
    if (const auto it = options_.extra.find("s3_prefix"); it != options_.extra.end()) {
      prefix_ = it->second;
    }
  }

  std::string_view kind() const override { return "cosyvoice"; }

  InvocationOutput invoke(const InvocationInput& input, ContainerContext& context) const override {
    auto parsed = parse_json(input.body);
    if (!parsed || !parsed->is_object()) return fastapi_internal_error();
    const json::object& body = parsed->as_object();

    const std::string& dir = options_.cosyvoice_model_dir;
    const auto model_is = [&](std::string_view name) {
      return dir == name || dir == "pretrained_models/" + std::string(name);
    };
    if (!dir.empty() && !model_is("CosyVoice-300M-SFT") && !model_is("CosyVoice-300M") &&
        !model_is("CosyVoice-300M-Instruct")) {
      JsonWriter out;
      out.begin_object().key("s3_presign_url").begin_object();
      out.field("error", "invalid model_dir : " + dir).end_object().end_object();
      return json_answer(200, out.take());
    }

    const auto text = string_field(body, "tts_text");
    const auto role = string_field(body, "role");
    const auto prompt_audio = string_field(body, "prompt_audio");
    const auto prompt_text = string_field(body, "prompt_text");
    const auto instruct_text = string_field(body, "instruct_text");
    // Pydantic validation of the model's request type; a failure is an uncaught exception.
    Mode mode;
    if (model_is("CosyVoice-300M-SFT") ||
        (dir.empty() && role && !instruct_text && !prompt_audio)) {
      if (!text || !role) return fastapi_internal_error();
      mode = Mode::preset;
    } else if (model_is("CosyVoice-300M") || (dir.empty() && prompt_audio)) {
      if (!text || !prompt_audio) return fastapi_internal_error();
      mode = prompt_text && !prompt_text->empty() ? Mode::clone : Mode::cross_lingual;
    } else {
      if (!text || !role || !instruct_text) return fastapi_internal_error();
      mode = Mode::instruct;
    }
    if (!context.object_store) return fastapi_internal_error();

    // The voice of a clone is its prompt audio; fetching it fails like requests + load_wav.
    std::string voice = role.value_or("");
    if (mode == Mode::clone || mode == Mode::cross_lingual) {
      if (!context.object_store->get_presigned(*prompt_audio)) return fastapi_internal_error();
      voice = *prompt_audio;
    }

    const bool mp3 = options_.tts_format != "wav";
    const std::string spoken = audio::spoken_text(*text);
    std::string audio =
        mp3 ? audio::synthesize_mp3(spoken, voice) : audio::synthesize_wav(spoken, voice);
    const std::string key = prefix_ + uuid_text(context.seed) + (mp3 ? ".mp3" : ".wav");
    if (!context.object_store->put_object(options_.output_bucket, key, std::move(audio),
                                          mp3 ? "audio/mp3" : "audio/wav")) {
      return fastapi_internal_error();
    }
    auto url =
        context.object_store->presign_get(options_.output_bucket, key, std::chrono::hours(1));
    if (!url) return fastapi_internal_error();
    JsonWriter out;
    out.begin_object().field("s3_presign_url", *url).end_object();
    return json_answer(200, out.take());
  }

 private:
  ContainerOptions options_;
  std::string prefix_ = "cosyvoice/";
};

}  // namespace

std::unique_ptr<Container> make_cosyvoice(const ContainerOptions& options) {
  return std::make_unique<CosyVoiceContainer>(options);
}

}  // namespace smp::emulator::builtin
