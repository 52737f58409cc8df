// The S3 and Comprehend clients over real loopback sockets against the in-process emulator, which
// verifies every SigV4 signature (S3's unnormalised path and x-amz-content-sha256 included).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "emulator/s3_store.hpp"
#include "emulator_fixture.hpp"
#include "http/blocking_transport.hpp"
#include "http/run_sync.hpp"
#include "sagemaker/connection.hpp"

namespace smp::sagemaker {
namespace {

class AudioClientsOverEmulator : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_ = testing::start_emulator("", env_);
    ASSERT_TRUE(emulator_);
    connection_ = open("test", "test");
    ASSERT_TRUE(connection_);
  }
  void TearDown() override {
    connection_.reset();
    if (emulator_) emulator_->stop();
  }

  std::unique_ptr<Connection> open(std::string key, std::string secret) {
    ConnectionSettings settings = testing::emulator_settings(*emulator_, "us-west-2");
    settings.credentials.access_key_id = std::move(key);
    settings.credentials.secret_access_key = std::move(secret);
    settings.max_attempts = 1;
    ConnectionContext context;
    context.environment = &env_;
    context.blocking_transport = http::make_blocking_transport();
    auto connection = Connection::open(http_, std::move(settings), std::move(context));
    EXPECT_TRUE(connection) << connection.error().describe();
    return connection ? std::move(*connection) : nullptr;
  }

  template <class T>
  T run(http::Task<T> task) {
    return http::run_sync(io_, std::move(task));
  }

  MapEnvironment env_{{"HOME", "/nonexistent"}, {"AWS_EC2_METADATA_DISABLED", "true"}};
  boost::asio::io_context io_;
  http::Client http_{io_.get_executor()};
  std::unique_ptr<emulator::Emulator> emulator_;
  std::unique_ptr<Connection> connection_;
};

TEST_F(AudioClientsOverEmulator, PutObjectStoresTheBytesUnderAKeyThatNeedsEncoding) {
  std::string audio("ID3\x04\x00\x00 binary \xff\xfe\x00 bytes", 22);
  const std::string key = "dify/speech2text/a b+c=ü.mp3";
  auto etag = run(connection_->s3().put_object("sagemaker-emulator", key, audio, "audio/mpeg"));
  ASSERT_TRUE(etag) << etag.error().describe();
  EXPECT_FALSE(etag->empty());
  auto stored = emulator_->object_store().get("sagemaker-emulator", key);
  ASSERT_TRUE(stored) << stored.error().describe();
  EXPECT_EQ(stored->body, audio);
}

TEST_F(AudioClientsOverEmulator, PutObjectWithAWrongSecretIsAnAuthError) {
  auto wrong = open("test", "not-the-secret");
  ASSERT_TRUE(wrong);
  auto etag = run(wrong->s3().put_object("sagemaker-emulator", "k.wav", "RIFF", "audio/wav"));
  ASSERT_FALSE(etag);
  EXPECT_EQ(etag.error().kind, ErrorKind::auth);
  EXPECT_EQ(etag.error().code, "SignatureDoesNotMatch");
}

TEST_F(AudioClientsOverEmulator, PutObjectIntoAMissingBucketIsNotFound) {
  auto etag = run(connection_->s3().put_object("no-such-bucket", "k.wav", "RIFF", "audio/wav"));
  ASSERT_FALSE(etag);
  EXPECT_EQ(etag.error().kind, ErrorKind::not_found);
  EXPECT_EQ(etag.error().code, "NoSuchBucket");
}

TEST_F(AudioClientsOverEmulator, FetchesTheAudioBehindATtsContainersPresignedUrl) {
  InvokeRequest request;
  request.endpoint_name = "demo-tts";
  request.body = R"({"tts_text":"hello there","role":"英文女"})";
  auto invoked = run(connection_->runtime().invoke(std::move(request)));
  ASSERT_TRUE(invoked) << invoked.error().describe();
  const auto reply = boost::json::parse(invoked->body);
  const std::string url(reply.at("s3_presign_url").as_string());
  auto audio = run(connection_->s3().fetch_presigned(url, 16 * 1024 * 1024));
  ASSERT_TRUE(audio) << audio.error().describe();
  EXPECT_GT(audio->body.size(), 100u);
  EXPECT_TRUE(audio->body.starts_with("ID3") || audio->body.starts_with("RIFF") ||
              static_cast<unsigned char>(audio->body[0]) == 0xFF)
      << "not audio: " << audio->body.substr(0, 16);

  // A tampered signature is refused by S3, and the error says where it came from.
  std::string tampered = url;
  tampered.replace(tampered.size() - 4, 4, "0000");
  auto refused = run(connection_->s3().fetch_presigned(tampered, 1024 * 1024));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("presigned URL"), std::string::npos);

  // Larger than allowed: refused rather than read without bound.
  EXPECT_FALSE(run(connection_->s3().fetch_presigned(url, 16)));
}

TEST_F(AudioClientsOverEmulator, ComprehendDetectsTheDominantLanguage) {
  auto chinese =
      run(connection_->comprehend().detect_dominant_language("今天天气很好，我们去散步吧"));
  ASSERT_TRUE(chinese) << chinese.error().describe();
  EXPECT_EQ(chinese->code.substr(0, 2), "zh");
  auto english = run(connection_->comprehend().detect_dominant_language("The weather is lovely"));
  ASSERT_TRUE(english) << english.error().describe();
  EXPECT_EQ(english->code, "en");
  EXPECT_GT(english->score, 0.0);
}

}  // namespace
}  // namespace smp::sagemaker
