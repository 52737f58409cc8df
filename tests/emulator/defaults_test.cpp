// The no-config emulator with the real built-in containers: the five demo endpoints answer in
// their formats, and the speech round trip works through the emulated S3 (CosyVoice writes MP3
// and presigns it, the URL is fetched from the emulator, Whisper transcribes it back).
#include "emulator/emulator_test_support.hpp"

namespace smp::emulator::testing {
namespace {

class DefaultsTest : public EmulatorTest {
 protected:
  void SetUp() override { start(default_config(MapEnvironment{})); }
  HttpResponse invoke(const std::string& endpoint, std::string body,
                      const std::string& content_type = "application/json",
                      const std::string& region = "us-east-1") {
    Headers headers;
    headers.add("Content-Type", content_type);
    return call("POST", "/endpoints/" + endpoint + "/invocations", std::move(body),
                std::move(headers), test_credentials(), {.region = region});
  }
};

TEST_F(DefaultsTest, DemoChatAnswersInEveryRegion) {
  for (const std::string region : {"us-east-1", "eu-central-1", "cn-north-1", "ap-southeast-2"}) {
    const auto response = invoke("demo-chat", R"({"messages":[{"role":"user","content":"ping"}]})",
                                 "application/json", region);
    ASSERT_EQ(response.status, 200) << region << response.body;
    EXPECT_EQ(json_body(response).at("object").as_string(), "chat.completion");
  }
}

TEST_F(DefaultsTest, DemoEmbedAndRerank) {
  const auto embedding = invoke("demo-embed", R"({"inputs":["a cat","a dog"]})");
  ASSERT_EQ(embedding.status, 200) << embedding.body;
  const auto vectors = boost::json::parse(embedding.body).as_array();
  ASSERT_EQ(vectors.size(), 2u);
  EXPECT_FALSE(vectors[0].as_array().empty());
  const auto ranking =
      invoke("demo-rerank", R"({"query":"cat food","texts":["dog toys","cat food for kittens"]})");
  ASSERT_EQ(ranking.status, 200) << ranking.body;
  EXPECT_EQ(boost::json::parse(ranking.body).as_array()[0].at("index").as_int64(), 1);
}

TEST_F(DefaultsTest, SpeechRoundTripThroughTheEmulatedS3) {
  const auto speech =
      invoke("demo-tts", R"({"tts_text":"Hello from the emulator","role":"中文女"})");
  ASSERT_EQ(speech.status, 200) << speech.body;
  const std::string url(json_body(speech).at("s3_presign_url").as_string());
  ASSERT_TRUE(url.starts_with(emulator_->url() + "/")) << url;
  HttpRequest get;
  get.url = url;
  const auto audio = send(get);
  ASSERT_EQ(audio.status, 200) << audio.body;
  EXPECT_GT(audio.body.size(), 100u);
  const auto transcript = invoke("demo-asr", audio.body, "audio/mpeg");
  ASSERT_EQ(transcript.status, 200) << transcript.body;
  EXPECT_EQ(json_body(transcript).at("text").as_string(), "Hello from the emulator");
}

TEST_F(DefaultsTest, BadJsonToAContainerIsItsOwnErrorInsideModelError) {
  const auto response = invoke("demo-chat", "{not json");
  EXPECT_EQ(response.status, 424);
  const auto body = json_body(response);
  EXPECT_EQ(body.at("OriginalStatusCode").as_int64(), 400);
  EXPECT_NE(body.at("OriginalMessage").as_string().find("error"), boost::json::string::npos);
}

TEST_F(DefaultsTest, DemoRolesWork) {
  EXPECT_EQ(sts("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%"
                "3Arole%2Fdemo&RoleSessionName=demo")
                .status,
            200);
  EXPECT_EQ(sts("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%"
                "3Arole%2Fdemo-external&RoleSessionName=demo&ExternalId=demo-external-id")
                .status,
            200);
}

}  // namespace
}  // namespace smp::emulator::testing
