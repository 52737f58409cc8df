// Whisper on the Hugging Face inference toolkit (user-needs §2.10): the body is the raw audio
// (ContentType audio/x-audio, audio/wav, audio/mpeg, …) and the answer is the transformers ASR
// pipeline's output with return_timestamps=True:
// {"text": "...", "chunks": [{"timestamp": [start, end], "text": "..."}]}. Bytes that are not audio
// fail in the toolkit's decoder: 400 with the model server's {"code","type","message"}.
#include <cmath>

#include "emulator/audio/transcriber.hpp"
#include "emulator/containers/builtin.hpp"
#include "emulator/containers/json_writer.hpp"

namespace smp::emulator::builtin {
namespace {

double centiseconds(double seconds) {
  return std::round(seconds * 100) / 100;
}

class WhisperContainer final : public Container {
 public:
  std::string_view kind() const override { return "whisper"; }

  InvocationOutput invoke(const InvocationInput& input, ContainerContext&) const override {
    auto transcript = audio::transcribe(input.body);
    if (!transcript) return model_server_error(400, transcript.error());
    JsonWriter out;
    out.begin_object().field("text", transcript->text).key("chunks").begin_array();
    for (const auto& segment : transcript->segments) {
      out.begin_object().key("timestamp").begin_array();
      out.number(centiseconds(segment.start_seconds)).number(centiseconds(segment.end_seconds));
      out.end_array().field("text", segment.text).end_object();
    }
    out.end_array().end_object();
    return json_answer(200, out.take());
  }
};

}  // namespace

std::unique_ptr<Container> make_whisper(const ContainerOptions&) {
  return std::make_unique<WhisperContainer>();
}

}  // namespace smp::emulator::builtin
