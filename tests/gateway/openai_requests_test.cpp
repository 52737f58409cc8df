#include "gateway/openai_requests.hpp"

#include <gtest/gtest.h>

#include "gateway/multipart.hpp"
#include "gateway/openai_error.hpp"

namespace smp::gateway {
namespace {

TEST(EmbeddingsRequest, StringListFormatsAndDimensions) {
  auto one = parse_embeddings_request(R"({"model":"e","input":"hello"})");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->embedding.texts, std::vector<std::string>{"hello"});
  EXPECT_FALSE(one->base64);
  auto many = parse_embeddings_request(
      R"({"model":"e","input":["a","b"],"encoding_format":"base64","dimensions":256,
          "input_type":"query","user":"u"})");
  ASSERT_TRUE(many) << many.error().message;
  EXPECT_EQ(many->embedding.texts.size(), 2u);
  EXPECT_TRUE(many->base64);
  EXPECT_EQ(many->embedding.dimensions, std::optional<int>(256));
  EXPECT_EQ(many->embedding.input_type, models::InputType::query);
  for (auto body : {R"({"model":"e","input":[1,2]})", R"({"model":"e","input":[[1,2]]})",
                    R"({"model":"e","input":[]})", R"({"model":"e"})",
                    R"({"model":"e","input":"x","encoding_format":"int8"})",
                    R"({"model":"e","input":"x","dimensions":0})"}) {
    auto r = parse_embeddings_request(body);
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(api_error(r.error()).status, 400);
    EXPECT_FALSE(api_error(r.error()).param.empty()) << body;
  }
}

TEST(RerankRequest, CohereAndJinaShapes) {
  auto r = parse_rerank_request(
      R"({"model":"r","query":"q","documents":["a",{"text":"b"}],"top_n":1,
          "return_documents":false})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->rerank.documents, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r->rerank.top_n, 1);
  EXPECT_FALSE(r->return_documents);
  auto defaults = parse_rerank_request(R"({"model":"r","query":"q","documents":["a"]})");
  ASSERT_TRUE(defaults);
  EXPECT_TRUE(defaults->return_documents);
  EXPECT_EQ(defaults->rerank.top_n, 0);
  EXPECT_FALSE(parse_rerank_request(R"({"model":"r","query":"q","documents":[]})"));
  EXPECT_FALSE(parse_rerank_request(R"({"model":"r","query":"q","documents":[3]})"));
  EXPECT_FALSE(parse_rerank_request(R"({"model":"r","documents":["a"]})"));
}

TEST(SpeechRequest, Fields) {
  auto r = parse_speech_request(
      R"({"model":"t","input":"hi","voice":"alloy","response_format":"wav","speed":1.5})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->voice, "alloy");
  EXPECT_EQ(r->response_format, "wav");
  EXPECT_FALSE(parse_speech_request(R"({"model":"t","input":"hi","response_format":"ogg"})"));
  EXPECT_FALSE(parse_speech_request(R"({"model":"t","input":""})"));
}

std::string form(std::string_view boundary) {
  using namespace std::string_literals;  // "\0" inside the audio must survive
  const std::string b(boundary);
  return "preamble\r\n--"s + b +
         "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper\r\n--" + b +
         "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a;b.wav\"\r\n"
         "Content-Type: audio/wav\r\n\r\n" +
         "RIFF\r\n--\0bytes"s + "\r\n--" + b +
         "\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nde\r\n--" + b + "--\r\n";
}

TEST(TranscriptionRequest, MultipartFields) {
  const std::string body = form("XyZ");
  auto r = parse_transcription_request("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->model, "whisper");
  EXPECT_EQ(r->filename, "a;b.wav");
  EXPECT_EQ(r->file_content_type, "audio/wav");
  EXPECT_EQ(r->file, std::string("RIFF\r\n--\0bytes", 14));  // binary, CRLF and dashes kept
  EXPECT_EQ(r->language, "de");
  EXPECT_EQ(r->response_format, "json");
  auto quoted =
      parse_transcription_request("Multipart/Form-Data; charset=x; boundary=\"XyZ\"", body);
  EXPECT_TRUE(quoted);
  EXPECT_FALSE(parse_transcription_request("application/json", body));
  EXPECT_FALSE(parse_transcription_request("multipart/form-data; boundary=XyZ",
                                           body.substr(0, body.size() - 12)));
  EXPECT_FALSE(parse_transcription_request("multipart/form-data; boundary=other", body));
}

}  // namespace
}  // namespace smp::gateway
