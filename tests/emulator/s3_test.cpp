// The emulated S3: path- and virtual-host-style objects, its XML errors, presigned GET URLs with
// expiry, and the object store the containers use.
#include "emulator/emulator_test_support.hpp"
#include "emulator/s3_service.hpp"

namespace smp::emulator::testing {
namespace {

class S3Test : public EmulatorTest {
 protected:
  void SetUp() override {
    auto config = base_config();
    config.buckets = {"media"};
    start(config);
  }
  HttpResponse s3(std::string method, std::string path, std::string body = {},
                  Headers headers = {}) {
    return call(std::move(method), std::move(path), std::move(body), std::move(headers),
                test_credentials(), {.service = "s3", .s3 = true});
  }
};

TEST_F(S3Test, PutThenGetPathStyle) {
  Headers headers;
  headers.add("Content-Type", "audio/mpeg");
  headers.add("x-amz-meta-voice", "alto");
  auto put = s3("PUT", "/media/speech/out%20one.mp3", "ID3 bytes", headers);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.headers.get("ETag"), s3_etag("ID3 bytes"));
  auto get = s3("GET", "/media/speech/out%20one.mp3");
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "ID3 bytes");
  EXPECT_EQ(get.headers.get("Content-Type"), "audio/mpeg");
  EXPECT_EQ(get.headers.get("x-amz-meta-voice"), "alto");
  EXPECT_TRUE(get.headers.contains("Last-Modified"));
  auto head = s3("HEAD", "/media/speech/out%20one.mp3");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers.get("Content-Length"), "9");
  EXPECT_EQ(emulator_->object_store().get_object("media", "speech/out one.mp3").value(),
            "ID3 bytes");
}

TEST_F(S3Test, VirtualHostStyleNamesTheBucketInTheHost) {
  for (const std::string host_suffix : {".s3.localhost", ".localhost"}) {
    auto request = make_request("PUT", "/vh-key.txt", "virtual " + host_suffix);
    request.headers.set("Host", "media" + host_suffix + ":" + std::to_string(emulator_->port()));
    sign(request, test_credentials(), {.service = "s3", .s3 = true});
    const auto put = send(request);
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(emulator_->object_store().get_object("media", "vh-key.txt").value(),
              "virtual " + host_suffix);
  }
  EXPECT_EQ(virtual_host_bucket("my.bucket.s3.us-east-1.localhost:4566"), "my.bucket");
  EXPECT_EQ(virtual_host_bucket("s3.localhost:4566"), std::nullopt);
  EXPECT_EQ(virtual_host_bucket("127.0.0.1:4566"), std::nullopt);
}

TEST_F(S3Test, MissingKeyAndBucketAreS3XmlErrors) {
  auto response = s3("GET", "/media/nothing-here");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(xml_text(response.body, "Code"), "NoSuchKey");
  EXPECT_EQ(xml_text(response.body, "Message"), "The specified key does not exist.");
  EXPECT_EQ(xml_text(response.body, "Key"), "nothing-here");
  EXPECT_EQ(xml_text(response.body, "RequestId"), response.headers.get("x-amz-request-id"));
  response = s3("PUT", "/no-such-bucket/k", "x");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(xml_text(response.body, "Code"), "NoSuchBucket");
  EXPECT_EQ(xml_text(response.body, "BucketName"), "no-such-bucket");
}

TEST_F(S3Test, CreateBucketThenUseIt) {
  EXPECT_EQ(s3("PUT", "/fresh").status, 200);
  EXPECT_EQ(xml_text(s3("PUT", "/fresh").body, "Code"), "BucketAlreadyOwnedByYou");
  EXPECT_EQ(s3("PUT", "/fresh/k", "v").status, 200);
}

TEST_F(S3Test, WrongSecretIsSignatureDoesNotMatch) {
  auto request = make_request("GET", "/media/k");
  aws::Credentials wrong = test_credentials();
  wrong.secret_access_key = "nope";
  sign(request, wrong, {.service = "s3", .s3 = true});
  const auto response = send(request);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(xml_text(response.body, "Code"), "SignatureDoesNotMatch");
}

TEST_F(S3Test, BodyThatDoesNotMatchItsHashIsRejected) {
  auto request = make_request("PUT", "/media/k", "original");
  sign(request, test_credentials(), {.service = "s3", .s3 = true});
  request.body = "tampered";
  const auto response = send(request);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(xml_text(response.body, "Code"), "XAmzContentSHA256Mismatch");
}

TEST_F(S3Test, PresignedGetWorksUntilItExpires) {
  auto& store = emulator_->object_store();
  ASSERT_TRUE(store.put_object("media", "tts/a b.wav", "RIFF....", "audio/wav").has_value());
  const auto url = store.presign_get("media", "tts/a b.wav", std::chrono::seconds(60));
  ASSERT_TRUE(url.has_value()) << url.error().message;
  EXPECT_TRUE(url->starts_with(emulator_->url() + "/media/tts/a%20b.wav?")) << *url;
  HttpRequest get;
  get.url = *url;
  auto response = send(get);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "RIFF....");
  EXPECT_EQ(store.get_presigned(*url).value(), "RIFF....");

  clock_.advance(std::chrono::seconds(61));
  response = send(get);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(xml_text(response.body, "Code"), "AccessDenied");
  EXPECT_EQ(xml_text(response.body, "Message"), "Request has expired");
  EXPECT_FALSE(store.get_presigned(*url).has_value());
}

TEST_F(S3Test, TamperedPresignedUrlIsRejected) {
  auto& store = emulator_->object_store();
  ASSERT_TRUE(store.put_object("media", "a", "A", "").has_value());
  ASSERT_TRUE(store.put_object("media", "b", "B", "").has_value());
  auto url = store.presign_get("media", "a", std::chrono::seconds(60)).value();
  url.replace(url.find("/media/a?"), 9, "/media/b?");
  HttpRequest get;
  get.url = url;
  EXPECT_EQ(xml_text(send(get).body, "Code"), "SignatureDoesNotMatch");
}

TEST_F(S3Test, ClockSkewIsRequestTimeTooSkewed) {
  auto request = make_request("GET", "/media/a");
  sign(request, test_credentials(),
       {.service = "s3", .time = clock_.now() - std::chrono::minutes(20), .s3 = true});
  const auto response = send(request);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(xml_text(response.body, "Code"), "RequestTimeTooSkewed");
  EXPECT_EQ(xml_text(response.body, "MaxAllowedSkewMilliseconds"), "300000");
}

TEST_F(S3Test, UnknownKeyIsInvalidAccessKeyId) {
  auto request = make_request("GET", "/media/a");
  aws::Credentials stranger = test_credentials();
  stranger.access_key_id = "AKIASTRANGER";
  sign(request, stranger, {.service = "s3", .s3 = true});
  const auto response = send(request);
  EXPECT_EQ(xml_text(response.body, "Code"), "InvalidAccessKeyId");
  EXPECT_EQ(xml_text(response.body, "AWSAccessKeyId"), "AKIASTRANGER");
}

TEST_F(S3Test, AnonymousRequestsAreDenied) {
  const auto response = send(make_request("GET", "/media/a"));
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(xml_text(response.body, "Code"), "AccessDenied");
}

}  // namespace
}  // namespace smp::emulator::testing
