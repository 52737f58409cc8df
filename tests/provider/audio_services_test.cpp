// Text to speech and speech to text against the emulator's CosyVoice, Whisper and FunASR
// containers over real sockets. The emulator's speech decodes back to the exact text it was made
// from, so a synthesis → transcription round trip proves that every piece arrived, whole and in
// order.
#include <gtest/gtest.h>

#include "emulator/s3_store.hpp"
#include "models/audio/speech_segmenter.hpp"
#include "provider/speech_synthesis.hpp"
#include "provider/transcription.hpp"
#include "provider_fixture.hpp"

namespace smp::provider {
namespace {

constexpr const char* kEmulator = R"(
buckets: [sagemaker-emulator, audio-cache]
endpoints:
  - {name: tts, container: cosyvoice, latency: {first_byte_ms: 30}}
  - {name: asr, container: whisper}
  - {name: funasr, container: funasr}
  - {name: chat, container: vllm}
)";

class AudioServices : public testing::ProviderTest {
 protected:
  void SetUp() override { start(kEmulator); }

  std::shared_ptr<sagemaker::Connection> connection(const ModelConfig& config) {
    auto c = provider_->connections().get(config);
    EXPECT_TRUE(c) << c.error().describe();
    return c ? *c : nullptr;
  }

  struct Spoken {
    Result<SpeechResult> result;
    std::vector<std::string> pieces;
  };

  Spoken speak(const ModelConfig& config, SpeakCall call, SpeechOptions options = {}) {
    std::vector<std::string> pieces;
    auto result = run(synthesize_speech(
        connection(config), config, std::move(call),
        [&](std::string_view audio, std::string_view) -> http::Task<Result<void>> {
          pieces.emplace_back(audio);
          co_return Result<void>{};
        },
        options));
    return {std::move(result), std::move(pieces)};
  }

  Result<models::Transcript> transcribe(const ModelConfig& config, std::string audio) {
    return run(transcribe_audio(*connection(config), config, std::move(audio), "test-upload"));
  }
};

TEST_F(AudioServices, SpeechInPiecesTranscribesBackToTheWholeText) {
  const std::string text =
      "The first sentence is here. A second one follows it! Does the third ask something? "
      "And the fourth ends it all.";
  const auto tts = config(ModelType::tts, settings("tts"));
  SpeechOptions options;
  options.word_limit = 6;  // one piece per sentence, four in flight
  auto spoken = speak(tts, {.text = text, .voice = "英文女"}, options);
  ASSERT_TRUE(spoken.result) << spoken.result.error().describe();
  EXPECT_EQ(spoken.result->pieces, 4u);
  ASSERT_EQ(spoken.pieces.size(), 4u);
  EXPECT_EQ(spoken.result->mime_type, "audio/mpeg");

  std::string joined;
  for (const auto& piece : spoken.pieces)
    joined += piece;  // what Dify plays back to back
  const auto asr = config(ModelType::speech2text, settings("asr"));
  auto transcript = transcribe(asr, joined);
  ASSERT_TRUE(transcript) << transcript.error().describe();
  // The audio holds what was spoken: every piece in order (the spaces between pieces are
  // silence, not text).
  std::string spoken_text;
  for (const auto& piece : models::split_for_speech(text, 6))
    spoken_text += piece;
  EXPECT_EQ(transcript->text, spoken_text);
  EXPECT_FALSE(transcript->segments.empty());
}

TEST_F(AudioServices, ChineseTextWithTheDefaultVoice) {
  const std::string text = "今天天气很好。我们去公园散步吧！";
  const auto tts = config(ModelType::tts, settings("tts"));
  SpeechOptions options;
  options.word_limit = 10;
  auto spoken = speak(tts, {.text = text, .language = "zh-Hans"}, options);
  ASSERT_TRUE(spoken.result) << spoken.result.error().describe();
  EXPECT_EQ(spoken.pieces.size(), 2u);
  std::string joined;
  for (const auto& piece : spoken.pieces)
    joined += piece;
  auto transcript = transcribe(config(ModelType::speech2text, settings("asr")), joined);
  ASSERT_TRUE(transcript) << transcript.error().describe();
  EXPECT_EQ(transcript->text, text);
}

TEST_F(AudioServices, EveryVoiceModeReachesTheContainer) {
  // The clone modes' container downloads the reference recording, as CosyVoice does.
  ASSERT_TRUE(emulator_->object_store().put_object(
      "sagemaker-emulator", "ref.wav", std::string("RIFF\x24\0\0\0WAVEfmt ", 16), "audio/wav"));
  const auto reference =
      emulator_->object_store().presign_get("sagemaker-emulator", "ref.wav", std::chrono::hours(1));
  ASSERT_TRUE(reference);
  for (const auto& [mode, extra] : std::vector<std::pair<std::string, Settings>>{
           {"CloneVoice", {{"prompt_audio", *reference}, {"prompt_text", "hi"}}},
           {"CloneVoice_CrossLingual", {{"prompt_audio", *reference}}},
           {"InstructVoice", {{"instruct_text", "speak slowly"}}}}) {
    auto s = settings("tts");
    s["audio_model_type"] = mode;
    for (const auto& [key, value] : extra)
      s[key] = value;
    auto spoken = speak(config(ModelType::tts, s), {.text = "你好，世界。"});
    ASSERT_TRUE(spoken.result) << mode << ": " << spoken.result.error().describe();
    EXPECT_EQ(spoken.pieces.size(), 1u) << mode;
  }
}

TEST_F(AudioServices, MissingModeFieldsAndEmptyTextAreClearErrors) {
  auto s = settings("tts");
  s["audio_model_type"] = "CloneVoice";
  auto missing = speak(config(ModelType::tts, s), {.text = "hello"});
  ASSERT_FALSE(missing.result);
  EXPECT_EQ(missing.result.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(missing.result.error().message.find("prompt_audio"), std::string::npos);

  auto empty = speak(config(ModelType::tts, settings("tts")), {.text = "  \n "});
  ASSERT_FALSE(empty.result);
  EXPECT_EQ(empty.result.error().code, "EmptyText");

  s["audio_model_type"] = "Karaoke";
  auto unknown = speak(config(ModelType::tts, s), {.text = "hello"});
  ASSERT_FALSE(unknown.result);
  EXPECT_NE(unknown.result.error().message.find("audio_model_type"), std::string::npos);
}

TEST_F(AudioServices, AListenerLeavingStopsTheSynthesis) {
  const auto tts = config(ModelType::tts, settings("tts"));
  std::size_t delivered = 0;
  SpeechOptions options;
  options.word_limit = 2;
  auto result = run(synthesize_speech(
      connection(tts), tts, {.text = "one two. three four. five six. seven eight. nine ten."},
      [&](std::string_view, std::string_view) -> http::Task<Result<void>> {
        ++delivered;
        co_return fail(ErrorKind::connection, "ClientGone", "the listener went away");
      },
      options));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "ClientGone");
  EXPECT_EQ(delivered, 1u);
}

TEST_F(AudioServices, TtsAgainstAChatEndpointSaysTheReplyIsNotCosyVoice) {
  auto spoken = speak(config(ModelType::tts, settings("chat")), {.text = "hello"});
  ASSERT_FALSE(spoken.result);
  EXPECT_EQ(spoken.result.error().kind, ErrorKind::model) << spoken.result.error().describe();
}

TEST_F(AudioServices, FunAsrGoesThroughTheBucket) {
  // Audio made by the TTS container, then handed to FunASR through S3.
  auto spoken = speak(config(ModelType::tts, settings("tts")), {.text = "Hello from the bucket."});
  ASSERT_TRUE(spoken.result) << spoken.result.error().describe();
  auto s = settings("funasr");
  s["audio_s3_cache_bucket"] = "audio-cache";
  const auto funasr = config(ModelType::speech2text, s);
  EXPECT_EQ(transcription_format(funasr).value(), models::TranscriptionFormat::funasr);
  auto transcript = transcribe(funasr, spoken.pieces.at(0));
  ASSERT_TRUE(transcript) << transcript.error().describe();
  EXPECT_EQ(transcript->text, "Hello from the bucket.");
  EXPECT_TRUE(emulator_->object_store().get("audio-cache", "dify/speech2text/test-upload.mp3"));

  s["audio_s3_cache_bucket"] = "no-such-bucket";
  auto missing = transcribe(config(ModelType::speech2text, s), spoken.pieces.at(0));
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("s3://no-such-bucket/"), std::string::npos);
}

TEST_F(AudioServices, TranscriptionInputErrors) {
  const auto asr = config(ModelType::speech2text, settings("asr"));
  auto text = transcribe(asr, "this is not audio at all");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, "NotAudio");
  std::string big = "ID3";
  big.resize(models::kMaxInvokeBytes + 10, 'x');
  auto too_big = transcribe(asr, big);
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code, "AudioTooLarge");

  auto s = settings("asr");
  s["payload_format"] = "funasr";
  auto no_bucket = transcription_format(config(ModelType::speech2text, s));
  ASSERT_FALSE(no_bucket);
  EXPECT_NE(no_bucket.error().message.find("audio_s3_cache_bucket"), std::string::npos);
}

TEST_F(AudioServices, VoicesAreNeverEmpty) {
  auto tts = config(ModelType::tts, settings("tts"));
  EXPECT_EQ(tts_voices(tts, "en-US").front().role, "英文女");
  EXPECT_FALSE(tts_voices(tts, "").empty());
  auto s = settings("tts");
  s["audio_model_type"] = "CloneVoice";
  EXPECT_EQ(tts_voices(config(ModelType::tts, s), "en-US").size(), 1u);
}

}  // namespace
}  // namespace smp::provider
