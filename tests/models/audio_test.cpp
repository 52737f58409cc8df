// The audio model formats: speech segmentation, language tags, CosyVoice and transcription bodies.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>
#include <string>

#include "models/audio/audio_sniff.hpp"
#include "models/audio/code_points.hpp"
#include "models/audio/cosyvoice_codec.hpp"
#include "models/audio/language_tag.hpp"
#include "models/audio/preset_voices.hpp"
#include "models/audio/speech_segmenter.hpp"
#include "models/audio/transcription_codec.hpp"

namespace smp::models {
namespace {

namespace json = boost::json;

std::string without_spaces(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto cp = decode_code_point(text, i);
    if (cp.value != ' ' && cp.value != '\n' && cp.value != '\t' && cp.value != '\r' &&
        cp.value != 0x3000)
      out.append(text.substr(i, cp.length));
    i += cp.length;
  }
  return out;
}

bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto cp = decode_code_point(text, i);
    if (cp.value == U'\uFFFD' && text.substr(i, 3) != "\xEF\xBF\xBD") return false;
    i += cp.length;
  }
  return true;
}

// The segmenter's contract, checked on any input: pieces fit, are non-empty, are valid UTF-8
// when the input is, and together keep every non-space character in order.
void expect_segmentation_contract(std::string_view text, std::size_t limit) {
  const auto pieces = split_for_speech(text, limit);
  std::string joined;
  for (const auto& piece : pieces) {
    EXPECT_FALSE(piece.empty());
    EXPECT_LE(speech_units(piece), limit) << piece;
    EXPECT_TRUE(valid_utf8(piece)) << piece;
    joined += piece;
  }
  EXPECT_EQ(without_spaces(joined), without_spaces(text));
}

TEST(SpeechSegmenter, CutsChineseAtSentenceEnds) {
  const std::string text = "今天天气很好。我们去公园散步吧！你觉得怎么样？";
  const auto pieces = split_for_speech(text, 10);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[0], "今天天气很好。");
  EXPECT_EQ(pieces[1], "我们去公园散步吧！");
  EXPECT_EQ(pieces[2], "你觉得怎么样？");
  // With room for two sentences, they are packed together.
  EXPECT_EQ(split_for_speech(text, 17).size(), 2u);
  expect_segmentation_contract(text, 10);
}

TEST(SpeechSegmenter, CountsWordsForLatinText) {
  EXPECT_EQ(speech_units("Hello there, general Kenobi."), 4u);
  EXPECT_EQ(speech_units("中文 and English"), 4u);
  const auto pieces = split_for_speech("One two three. Four five six. Seven.", 3);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[0], "One two three.");
  EXPECT_EQ(pieces[2], "Seven.");
}

TEST(SpeechSegmenter, FallsBackToClausesThenToTheLimit) {
  const auto clauses = split_for_speech("一二三四五，六七八九十，十一十二", 6);
  for (const auto& piece : clauses)
    EXPECT_LE(speech_units(piece), 6u) << piece;
  EXPECT_EQ(clauses.front(), "一二三四五，");
  std::string han;
  for (int i = 0; i < 40; ++i)
    han += "字";
  const auto hard = split_for_speech(han, 15);
  ASSERT_EQ(hard.size(), 3u);
  EXPECT_EQ(speech_units(hard[0]), 15u);
  EXPECT_EQ(speech_units(hard[2]), 10u);
}

TEST(SpeechSegmenter, KeepsClosingMarksWithTheirSentence) {
  const auto pieces = split_for_speech("他说：“走吧。”然后离开了。", 8);
  ASSERT_GE(pieces.size(), 2u);
  EXPECT_NE(pieces[1].substr(0, 3), "”");
}

TEST(SpeechSegmenter, EmptyAndBlankTextGiveNoPieces) {
  EXPECT_TRUE(split_for_speech("", 15).empty());
  EXPECT_TRUE(split_for_speech("  \n\t ", 15).empty());
  EXPECT_EQ(split_for_speech("x", 0).size(), 1u);  // a limit of 0 is taken as 1
}

TEST(SpeechSegmenter, ContractHoldsOnRandomMixedText) {
  const std::vector<std::string> atoms{
      "字", "。", "，", "word", " ", "\n", "?", "！",
      "ä",  "한", "カ", "!",    ",", "…",  "”", "\xF0\x9F\x98\x80"};
  std::mt19937 random(7);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 80);
    for (int i = 0; i < length; ++i)
      text += atoms[random() % atoms.size()];
    expect_segmentation_contract(text, 1 + random() % 20);
  }
}

TEST(SpeechSegmenter, InvalidUtf8NeverLoopsOrGrows) {
  const std::string text = "ab\xE4\xB8 c\xFF\xFE。\xC3";
  const auto pieces = split_for_speech(text, 2);
  std::size_t bytes = 0;
  for (const auto& piece : pieces)
    bytes += piece.size();
  EXPECT_LE(bytes, text.size());
}

TEST(LanguageTag, FromScript) {
  EXPECT_EQ(language_tag_from_script("你好，世界"), "zh");
  EXPECT_EQ(language_tag_from_script("Hello world"), "en");
  EXPECT_EQ(language_tag_from_script("こんにちは世界"), "jp");
  EXPECT_EQ(language_tag_from_script("東京タワー"), "jp");  // kana anywhere means Japanese
  EXPECT_EQ(language_tag_from_script("안녕하세요"), "ko");
  EXPECT_EQ(language_tag_from_script("12345 !?"), "en");
  EXPECT_EQ(language_tag_from_script("我们用 Python 写代码"), "zh");
  EXPECT_EQ(language_tag_from_script("The word 猫 means cat in this long English sentence"), "en");
}

TEST(LanguageTag, FromComprehendCodes) {
  EXPECT_EQ(language_tag_from_comprehend("zh-TW"), "zh");
  EXPECT_EQ(language_tag_from_comprehend("ja"), "jp");
  EXPECT_EQ(language_tag_from_comprehend("ko"), "ko");
  EXPECT_EQ(language_tag_from_comprehend("fr"), std::nullopt);
  EXPECT_EQ(tag_text("en", "hi"), "<|en|>hi");
}

TEST(PresetVoices, EveryLanguageHasADefault) {
  EXPECT_EQ(default_voice("zh-Hans"), "中文女");
  EXPECT_EQ(default_voice("en-US"), "英文女");
  EXPECT_EQ(default_voice("en"), "英文女");
  EXPECT_EQ(default_voice("ja-JP"), "日语男");
  EXPECT_FALSE(default_voice("").empty());
  EXPECT_EQ(voices_for_language("fr-FR").size(), preset_voices().size());
  for (const auto& voice : voices_for_language("zh-CN"))
    EXPECT_EQ(voice.language, "zh-Hans");
}

json::value body_of(const SpeechSegmentRequest& request) {
  auto body = build_cosyvoice_request(request);
  EXPECT_TRUE(body) << body.error().message;
  return body ? json::parse(*body) : json::value{};
}

TEST(CosyVoiceCodec, BodiesPerMode) {
  SpeechSegmentRequest request;
  request.text = "你好";
  request.voice = "中文女";
  EXPECT_EQ(body_of(request), json::parse(R"({"tts_text":"你好","role":"中文女"})"));

  request.mode = VoiceMode::instruct;
  request.instruct_text = "slowly";
  EXPECT_EQ(body_of(request),
            json::parse(R"({"tts_text":"你好","role":"中文女","instruct_text":"slowly"})"));

  SpeechSegmentRequest clone;
  clone.mode = VoiceMode::clone;
  clone.text = "hi";
  clone.prompt_audio = "https://x/a.wav";
  clone.prompt_text = "reference";
  EXPECT_EQ(body_of(clone), json::parse(R"({"tts_text":"hi","prompt_text":"reference",
                                             "prompt_audio":"https://x/a.wav"})"));

  clone.mode = VoiceMode::clone_cross_lingual;
  clone.language_tag = "en";
  EXPECT_EQ(body_of(clone),
            json::parse(R"({"tts_text":"<|en|>hi","prompt_audio":"https://x/a.wav"})"));
}

TEST(CosyVoiceCodec, MissingFieldsAreNamed) {
  SpeechSegmentRequest request;
  request.text = "hi";
  auto body = build_cosyvoice_request(request);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(body.error().message.find("voice"), std::string::npos);
  request.mode = VoiceMode::clone;
  request.prompt_audio = "https://x";
  body = build_cosyvoice_request(request);
  ASSERT_FALSE(body);
  EXPECT_NE(body.error().message.find("prompt_text"), std::string::npos);
  request.text.clear();
  EXPECT_FALSE(build_cosyvoice_request(request));
}

TEST(CosyVoiceCodec, Replies) {
  auto url = parse_cosyvoice_response(
      R"({"s3_presign_url":"https://b.s3/a.mp3?X-Amz-Signature=1"})", "application/json");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->audio_url, "https://b.s3/a.mp3?X-Amz-Signature=1");
  EXPECT_EQ(url->mime_type, "audio/mpeg");

  auto bytes = parse_cosyvoice_response("ID3\x04rest", "audio/mpeg; charset=binary");
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->audio, "ID3\x04rest");
  EXPECT_EQ(bytes->mime_type, "audio/mpeg");

  auto nested = parse_cosyvoice_response(
      R"({"s3_presign_url":{"error":"invalid model_dir : foo"}})", "application/json");
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().kind, ErrorKind::model);
  EXPECT_NE(nested.error().message.find("invalid model_dir"), std::string::npos);

  EXPECT_EQ(parse_cosyvoice_response(R"({"error":"boom"})", "application/json").error().kind,
            ErrorKind::model);
  EXPECT_EQ(parse_cosyvoice_response(R"({"url":"x"})", "application/json").error().kind,
            ErrorKind::protocol);
  EXPECT_FALSE(parse_cosyvoice_response(R"({"s3_presign_url":"file:///etc/passwd"})", ""));
  EXPECT_FALSE(parse_cosyvoice_response("", "audio/wav"));
  EXPECT_FALSE(parse_cosyvoice_response("not json", "text/plain"));
}

TEST(AudioSniff, KnownContainers) {
  EXPECT_EQ(sniff_audio_type(std::string("RIFF\x24\x00\x00\x00WAVEfmt ", 16)), "audio/wav");
  EXPECT_EQ(sniff_audio_type("ID3\x04\x00"), "audio/mpeg");
  EXPECT_EQ(sniff_audio_type("\xFF\xFB\x90\x64"), "audio/mpeg");
  EXPECT_EQ(sniff_audio_type("fLaC\x00"), "audio/flac");
  EXPECT_EQ(sniff_audio_type("OggS\x00\x02"), "audio/ogg");
  EXPECT_EQ(sniff_audio_type(std::string("\x00\x00\x00\x20"
                                         "ftypM4A ",
                                         12)),
            "audio/mp4");
  EXPECT_EQ(sniff_audio_type("\x1A\x45\xDF\xA3\x01"), "audio/webm");
  EXPECT_EQ(sniff_audio_type("hello, this is text"), std::nullopt);
  EXPECT_EQ(sniff_audio_type("\xFF\xFF\xFF"), std::nullopt);  // sync bits, reserved layer
  EXPECT_EQ(sniff_audio_type(""), std::nullopt);
  EXPECT_EQ(audio_extension("audio/mpeg"), "mp3");
}

TEST(TranscriptionCodec, DirectAudioChecks) {
  EXPECT_EQ(direct_audio_content_type("ID3\x04 frames").value(), "audio/mpeg");
  EXPECT_EQ(direct_audio_content_type("plain text").error().code, "NotAudio");
  EXPECT_EQ(direct_audio_content_type("").error().code, "EmptyAudio");
  std::string big = "ID3";
  big.resize(kMaxInvokeBytes + 1, '\0');
  const auto too_large = direct_audio_content_type(big);
  ASSERT_FALSE(too_large);
  EXPECT_NE(too_large.error().message.find("audio_s3_cache_bucket"), std::string::npos);
  big.resize(kMaxInvokeBytes);
  EXPECT_TRUE(direct_audio_content_type(big));
}

TEST(TranscriptionCodec, WhisperReplyWithChunks) {
  auto transcript = parse_transcription_response(
      TranscriptionFormat::whisper,
      R"({"text":"希望你以后能够做得比我还好哟","chunks":[{"timestamp":[0.0,3.14],"text":"希望"},
          {"timestamp":[3.14,null],"text":"你"}]})");
  ASSERT_TRUE(transcript) << transcript.error().message;
  EXPECT_EQ(transcript->text, "希望你以后能够做得比我还好哟");
  ASSERT_EQ(transcript->segments.size(), 2u);
  EXPECT_DOUBLE_EQ(transcript->segments[0].end, 3.14);
  EXPECT_DOUBLE_EQ(transcript->segments[1].end, 3.14);  // a null end is the start
}

TEST(TranscriptionCodec, FunAsrRequestAndErrors) {
  EXPECT_EQ(json::parse(build_funasr_request("bkt", speech_upload_key("u1", "mp3"))),
            json::parse(R"({"bucket_name":"bkt","s3_key":"dify/speech2text/u1.mp3"})"));
  const auto error = parse_transcription_response(TranscriptionFormat::funasr,
                                                  R"({"error":"No valid input passed."})");
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().kind, ErrorKind::model);
  EXPECT_NE(error.error().message.find("No valid input"), std::string::npos);
  EXPECT_EQ(
      parse_transcription_response(TranscriptionFormat::funasr, R"({"txt":"x"})").error().kind,
      ErrorKind::protocol);
  EXPECT_EQ(parse_transcription_format("funasr").value(), TranscriptionFormat::funasr);
  EXPECT_FALSE(parse_transcription_format("deepgram"));
}

}  // namespace
}  // namespace smp::models
