#pragma once
// The emulated S3's objects, in memory. It is both what the S3 routes read and write and the
// ObjectStore the built-in containers use (CosyVoice writes audio, FunASR reads uploads), so a
// presigned URL a container hands out can be fetched from the emulator with a plain HTTP GET.
//
// Threading: every member is safe to call concurrently (a shared mutex guards the buckets).
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "emulator/containers/container.hpp"

namespace smp::emulator {

struct S3Object {
  std::string body;
  std::string content_type = "binary/octet-stream";  // S3's default when none was sent
  std::string etag;                                  // "\"<md5 hex>\""
  SystemTime last_modified;
  std::vector<std::pair<std::string, std::string>> metadata;  // x-amz-meta-* as sent
};

class S3Store final : public ObjectStore {
 public:
  // `presigner` builds presigned GET URLs (set by the emulator once it knows its own address and
  // signing key); `presigned_reader` fetches the object behind one of our presigned URLs after
  // verifying it. Both are optional until the emulator is listening.
  using Presigner = std::function<Result<std::string>(std::string_view bucket, std::string_view key,
                                                      std::chrono::seconds expires_in)>;
  using PresignedReader = std::function<Result<std::string>(std::string_view url)>;

  explicit S3Store(const Clock& clock) : clock_(clock) {}

  bool create_bucket(std::string_view bucket);  // false when it already exists
  bool bucket_exists(std::string_view bucket) const;
  // NoSuchBucket (not_found) when the bucket does not exist.
  Result<std::string> put(std::string_view bucket, std::string_view key, S3Object object);
  // NoSuchBucket / NoSuchKey (not_found, code says which).
  Result<S3Object> get(std::string_view bucket, std::string_view key) const;
  Result<void> remove(std::string_view bucket, std::string_view key);

  void set_presigner(Presigner presigner, PresignedReader reader);

  // ObjectStore (containers): writes create their bucket on demand, as if the container's
  // execution role owned it.
  Result<void> put_object(std::string_view bucket, std::string_view key, std::string body,
                          std::string_view content_type) override;
  Result<std::string> get_object(std::string_view bucket, std::string_view key) override;
  Result<std::string> presign_get(std::string_view bucket, std::string_view key,
                                  std::chrono::seconds expires_in) override;
  Result<std::string> get_presigned(std::string_view url) override;

 private:
  const Clock& clock_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::map<std::string, S3Object, std::less<>>, std::less<>> buckets_;
  Presigner presigner_;
  PresignedReader presigned_reader_;
};

// "\"" + hex(MD5(body)) + "\"", S3's ETag of a single-part upload.
std::string s3_etag(std::string_view body);

}  // namespace smp::emulator
