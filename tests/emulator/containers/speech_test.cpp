// The emulator's speech: real WAV/MP3 files whose tones the transcriber turns back into the text,
// and the three audio containers built on them (CosyVoice §2.9, Whisper §2.10, FunASR §2.11).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <set>

#include "emulator/audio/mp3.hpp"
#include "emulator/audio/speech_synthesizer.hpp"
#include "emulator/audio/transcriber.hpp"
#include "emulator/audio/wav.hpp"
#include "emulator/containers/container_test_support.hpp"

namespace smp::emulator {
namespace {

using testing::invoke;
using testing::MemoryObjectStore;
using testing::parse;

std::uint32_t le32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return v;
}

TEST(SpeechWav, IsA16kMono16BitPcmFileWithAConsistentHeader) {
  const std::string wav = audio::synthesize_wav("Hello, world.");
  ASSERT_GE(wav.size(), 44u);
  EXPECT_EQ(wav.substr(0, 4), "RIFF");
  EXPECT_EQ(le32(wav, 4), wav.size() - 8);
  EXPECT_EQ(wav.substr(8, 8), "WAVEfmt ");
  EXPECT_EQ(le32(wav, 16), 16u);
  EXPECT_EQ(wav[20], 1);  // PCM
  EXPECT_EQ(wav[22], 1);  // mono
  EXPECT_EQ(le32(wav, 24), 16000u);
  EXPECT_EQ(wav[34], 16);  // bits per sample
  EXPECT_EQ(wav.substr(36, 4), "data");
  EXPECT_EQ(le32(wav, 40), wav.size() - 44);
  const auto audio = audio::decode_wav(wav);
  ASSERT_TRUE(audio.has_value());
  // 0.2 s silence + (2+4+13+4 bytes × 2 symbols × 20 ms) + 0.2 s silence.
  EXPECT_NEAR(audio->seconds(), 0.4 + 46 * 0.02, 1e-9);
}

TEST(SpeechWav, TranscriberReturnsTheExactTextWithSentenceTimestamps) {
  const std::string text = "你好，世界。 It works! Ünïcødé 😀 and \"quotes\".";
  const auto transcript = audio::transcribe(audio::synthesize_wav(text, "中文女"));
  ASSERT_TRUE(transcript.has_value());
  EXPECT_TRUE(transcript->recognised);
  EXPECT_EQ(transcript->text, text);
  ASSERT_EQ(transcript->segments.size(), 3u);
  EXPECT_EQ(transcript->segments[0].text, "你好，世界。");
  EXPECT_EQ(transcript->segments[1].text, " It works!");
  std::string joined;
  double previous_end = 0;
  for (const auto& segment : transcript->segments) {
    joined += segment.text;
    EXPECT_GE(segment.start_seconds, previous_end - 1e-9);
    EXPECT_GT(segment.end_seconds, segment.start_seconds);
    previous_end = segment.end_seconds;
  }
  EXPECT_EQ(joined, text);
  EXPECT_NEAR(transcript->segments[0].start_seconds, 0.2 + 12 * 0.02, 1e-6);
}

TEST(SpeechWav, VoicesSoundDifferentButDecodeTheSame) {
  std::set<std::string> distinct;
  for (const char* voice : {"中文男", "中文女", "英文男", "英文女", "粤语女", "日语男"}) {
    const std::string wav = audio::synthesize_wav("same words", voice);
    distinct.insert(wav);
    EXPECT_EQ(audio::transcribe(wav)->text, "same words") << voice;
  }
  EXPECT_GE(distinct.size(), 3u);
}

TEST(SpeechMp3, FramesAreMpeg2Layer3MonoAndDecodeBack) {
  const std::string mp3 = audio::synthesize_mp3("Hello MP3 world.");
  ASSERT_EQ(mp3.size() % 104, 0u);
  for (std::size_t at = 0; at < mp3.size(); at += 104) {
    ASSERT_EQ(static_cast<unsigned char>(mp3[at]), 0xFF);
    ASSERT_EQ(static_cast<unsigned char>(mp3[at + 1]), 0xF3);
    ASSERT_EQ(static_cast<unsigned char>(mp3[at + 2]), 0x40);
    ASSERT_EQ(static_cast<unsigned char>(mp3[at + 3]), 0xC4);
  }
  const auto stream = audio::read_mp3(mp3);
  ASSERT_TRUE(stream.has_value());
  EXPECT_EQ(stream->frames, mp3.size() / 104);
  EXPECT_NEAR(stream->seconds, static_cast<double>(stream->frames) * 576 / 22050, 1e-9);
  const auto transcript = audio::transcribe(mp3);
  ASSERT_TRUE(transcript.has_value());
  EXPECT_EQ(transcript->text, "Hello MP3 world.");
}

// An independent decoder as the oracle: mpg123 (when installed) must play our MP3 as the tones
// the symbols stand for. Skipped where mpg123 is absent.
TEST(SpeechMp3, AnIndependentDecoderHearsTheIntendedTones) {
  if (std::system("command -v mpg123 >/dev/null 2>&1") != 0) GTEST_SKIP() << "mpg123 not installed";
  const auto dir =
      std::filesystem::temp_directory_path() / ("smp-mp3-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "in.mp3", std::ios::binary) << audio::synthesize_mp3("SM"); }
  const std::string command =
      "mpg123 -q -w '" + (dir / "out.wav").string() + "' '" + (dir / "in.mp3").string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::ifstream file(dir / "out.wav", std::ios::binary);
  const std::string wav((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::filesystem::remove_all(dir);
  const auto pcm = audio::decode_wav(wav);
  ASSERT_TRUE(pcm.has_value());
  ASSERT_EQ(pcm->sample_rate, 22050);
  // The message starts with "SM" = nibbles 5, 3, 4, 13 in granules 8..11; each sounds MDCT line
  // 36 + 5·s, about (line + 0.5) × 22050 / 1152 Hz. Find the loudest frequency in each granule.
  const int expected_symbols[] = {5, 3, 4, 13};
  for (int k = 0; k < 4; ++k) {
    const std::size_t start = static_cast<std::size_t>(8 + k) * 576 + 288;
    ASSERT_LE(start + 576, pcm->samples.size());
    double best_power = 0, best_hz = 0;
    for (double hz = 500; hz < 2500; hz += 5) {
      double re = 0, im = 0;
      for (std::size_t i = 0; i < 576; ++i) {
        const double phase = 2 * std::numbers::pi * hz * static_cast<double>(i) / 22050;
        re += pcm->samples[start + i] * std::cos(phase);
        im += pcm->samples[start + i] * std::sin(phase);
      }
      if (re * re + im * im > best_power) {
        best_power = re * re + im * im;
        best_hz = hz;
      }
    }
    const double line = 36 + 5 * expected_symbols[k];
    EXPECT_NEAR(best_hz, (line + 0.5) * 22050 / 1152, 20) << "granule " << 8 + k;
  }
}

TEST(SpeechMp3, ConcatenatedPiecesTranscribeAsTheWholeText) {
  // The Dify plugin splits text into short pieces and joins the MP3 bytes of each answer.
  const std::string joined =
      audio::synthesize_mp3("First piece. ") + audio::synthesize_mp3("第二段。");
  const auto transcript = audio::transcribe(joined);
  ASSERT_TRUE(transcript.has_value());
  EXPECT_EQ(transcript->text, "First piece. 第二段。");
  ASSERT_EQ(transcript->segments.size(), 2u);
  EXPECT_GT(transcript->segments[1].start_seconds, transcript->segments[0].end_seconds);
}

TEST(SpeechWav, ConcatenatedFilesTranscribeInOrder) {
  const auto transcript =
      audio::transcribe(audio::synthesize_wav("one. ") + audio::synthesize_wav("two."));
  ASSERT_TRUE(transcript.has_value());
  EXPECT_EQ(transcript->text, "one. two.");
}

TEST(Transcriber, ForeignAudioGetsAPlaceholderAndNonAudioAnError) {
  std::vector<float> noise(16000);
  std::uint64_t state = 7;
  for (auto& sample : noise) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    sample = static_cast<float>(static_cast<std::int64_t>(state >> 33) % 20000) / 40000.0f;
  }
  const auto foreign = audio::transcribe(audio::encode_wav(noise, 16000));
  ASSERT_TRUE(foreign.has_value());
  EXPECT_FALSE(foreign->recognised);
  EXPECT_EQ(foreign->text, "[unrecognised audio: 1.0 s]");

  const auto flac = audio::transcribe("fLaC\0\0\0\x22 rest");
  ASSERT_TRUE(flac.has_value());
  EXPECT_EQ(flac->text, "[unrecognised audio]");

  EXPECT_FALSE(audio::transcribe("{\"not\":\"audio\"}").has_value());
  EXPECT_FALSE(audio::transcribe("").has_value());
  EXPECT_FALSE(audio::transcribe("RIFF\x04\0\0\0WAVE").has_value());
}

TEST(Transcriber, CorruptingOurAudioNeverYieldsWrongText) {
  std::string wav = audio::synthesize_wav("integrity matters");
  // Flip samples in the middle of the message: the CRC must reject it.
  for (std::size_t i = wav.size() / 2; i < wav.size() / 2 + 400; ++i)
    wav[i] = static_cast<char>(~wav[i]);
  const auto transcript = audio::transcribe(wav);
  ASSERT_TRUE(transcript.has_value());
  EXPECT_NE(transcript->text, "integrity matters");
  EXPECT_FALSE(transcript->recognised);
}

TEST(WhisperContainer, RawAudioInTextAndTimestampedChunksOut) {
  const auto out = invoke("whisper", audio::synthesize_wav("希望你以后能够做得比我还好哟"));
  ASSERT_EQ(out.status, 200);
  EXPECT_TRUE(out.body.starts_with(
      "{\"text\":\"希望你以后能够做得比我还好哟\",\"chunks\":[{\"timestamp\":[0."))
      << out.body;
  const auto body = parse(out.body);
  const auto& chunk = body.at("chunks").at(0);
  EXPECT_EQ(chunk.at("text"), "希望你以后能够做得比我还好哟");
  EXPECT_LT(chunk.at("timestamp").at(0).as_double(), chunk.at("timestamp").at(1).as_double());

  const auto bad = invoke("whisper", "definitely not audio");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(parse(bad.body).at("type"), "InternalServerException");
  EXPECT_EQ(parse(bad.body).at("message"), "Malformed soundfile");
}

TEST(CosyVoiceContainer, AllFourModesWriteAudioToS3AndReturnAPresignedUrl) {
  MemoryObjectStore store;
  ASSERT_TRUE(
      store.put_object("voices", "prompt.wav", audio::synthesize_wav("prompt"), "audio/wav"));
  const std::string prompt_url = *store.presign_get("voices", "prompt.wav", std::chrono::hours(1));
  const std::vector<std::pair<std::string, std::string>> requests = {
      {R"({"tts_text":"你好，欢迎。","role":"中文女"})", "你好，欢迎。"},
      {R"({"tts_text":"Clone me.","prompt_text":"prompt","prompt_audio":")" + prompt_url + "\"}",
       "Clone me."},
      {R"({"tts_text":"<|en|>Cross lingual.","prompt_audio":")" + prompt_url + "\"}",
       "Cross lingual."},
      {R"({"tts_text":"Happy words.","role":"中文男","instruct_text":"speak happily"})",
       "Happy words."},
  };
  for (const auto& [request, spoken] : requests) {
    const auto out = invoke("cosyvoice", request, {}, &store);
    ASSERT_EQ(out.status, 200) << request << " → " << out.body;
    const auto url = parse(out.body).at("s3_presign_url").as_string();
    EXPECT_TRUE(url.starts_with("http://127.0.0.1:4566/sagemaker-emulator-tts/cosyvoice/")) << url;
    EXPECT_NE(url.find(".mp3?"), std::string::npos);
    EXPECT_EQ(store.content_type_of(url), "audio/mp3");
    const auto audio_bytes = store.get_presigned(url);
    ASSERT_TRUE(audio_bytes.has_value());
    EXPECT_EQ(audio::transcribe(*audio_bytes)->text, spoken);
  }
}

TEST(CosyVoiceContainer, ModelDirDecidesTheSchemaAndFailuresLookLikeFastApi) {
  MemoryObjectStore store;
  ContainerOptions sft;
  sft.cosyvoice_model_dir = "pretrained_models/CosyVoice-300M-SFT";
  sft.tts_format = "wav";
  const auto ok = invoke("cosyvoice", R"({"tts_text":"hi","role":"英文女"})", sft, &store);
  ASSERT_EQ(ok.status, 200);
  EXPECT_NE(parse(ok.body).at("s3_presign_url").as_string().find(".wav?"), std::string::npos);
  const auto missing_role = invoke("cosyvoice", R"({"tts_text":"hi"})", sft, &store);
  EXPECT_EQ(missing_role.status, 500);
  EXPECT_EQ(missing_role.body, "Internal Server Error");

  ContainerOptions wrong;
  wrong.cosyvoice_model_dir = "pretrained_models/Other";
  const auto invalid = invoke("cosyvoice", R"({"tts_text":"hi","role":"x"})", wrong, &store);
  EXPECT_EQ(invalid.status, 200);
  EXPECT_EQ(invalid.body,
            R"({"s3_presign_url":{"error":"invalid model_dir : pretrained_models/Other"}})");

  EXPECT_EQ(invoke("cosyvoice", "{bad", {}, &store).status, 500);
  EXPECT_EQ(
      invoke("cosyvoice", R"({"tts_text":"x","prompt_audio":"http://nowhere/x.wav"})", {}, &store)
          .status,
      500);
}

TEST(FunAsrContainer, ReadsTheAudioFromS3AndAnswersLikeJsonDumps) {
  MemoryObjectStore store;
  ASSERT_TRUE(store.put_object("bucket", "dify/speech2text/a.mp3",
                               audio::synthesize_mp3("语音识别 works"), "audio/mp3"));
  const auto out =
      invoke("funasr", R"({"bucket_name":"bucket","s3_key":"dify/speech2text/a.mp3"})", {}, &store);
  ASSERT_EQ(out.status, 200);
  EXPECT_EQ(out.body, R"({"text": "\u8bed\u97f3\u8bc6\u522b works"})");
  EXPECT_EQ(parse(out.body).at("text"), "语音识别 works");

  const auto url = *store.presign_get("bucket", "dify/speech2text/a.mp3", std::chrono::hours(1));
  const auto by_url = invoke("funasr", R"({"audio_s3_presign_uri":")" + url + "\"}", {}, &store);
  EXPECT_EQ(parse(by_url.body).at("text"), "语音识别 works");

  EXPECT_EQ(invoke("funasr", R"({"s3_key":"x"})", {}, &store).body,
            R"({"error": "No valid input passed."})");
  EXPECT_EQ(invoke("funasr", R"({"bucket_name":"bucket","s3_key":"missing"})", {}, &store).body,
            R"({"error": "No Audio downloaded."})");
  const auto bad = invoke("funasr", "][", {}, &store);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(parse(bad.body).at("code"), 400);
}

}  // namespace
}  // namespace smp::emulator
