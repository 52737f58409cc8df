#pragma once
// The two S3 operations the audio models need (user-needs.md §2.9, §2.11): PutObject, to hand a
// FunASR container audio through the configured bucket, and fetching a presigned GET URL, which is
// how a CosyVoice container returns its MP3. Path-style addressing, so that the emulator, VPC
// endpoints and bucket names with dots all work the same way.
#include <string>
#include <string_view>

#include "aws/endpoints.hpp"
#include "base/error.hpp"
#include "http/client.hpp"
#include "http/task.hpp"
#include "sagemaker/signed_sender.hpp"

namespace smp::sagemaker {

struct FetchedObject {
  std::string body;
  std::string content_type;
};

class S3Client {
 public:
  // `endpoint` is the resolved `s3` endpoint (aws/endpoints.hpp).
  S3Client(SignedSender& sender, http::Client& http, aws::ResolvedEndpoint endpoint,
           CallOptions options = {});

  // Signed PutObject (x-amz-content-sha256 of the body). Returns the object's ETag.
  http::Task<Result<std::string>> put_object(std::string_view bucket, std::string_view key,
                                             std::string body, std::string_view content_type);

  // GET of a URL that carries its own authorisation (a presigned URL, never re-signed), with
  // the connection's timeouts and at most `max_bytes` of body. Non-2xx answers are S3 errors.
  http::Task<Result<FetchedObject>> fetch_presigned(std::string url, std::size_t max_bytes);

  const aws::ResolvedEndpoint& endpoint() const { return endpoint_; }

 private:
  SignedSender& sender_;
  http::Client& http_;
  aws::ResolvedEndpoint endpoint_;
  CallOptions options_;
};

}  // namespace smp::sagemaker
