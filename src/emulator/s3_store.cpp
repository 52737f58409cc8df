#include "emulator/s3_store.hpp"

#include <openssl/evp.h>

#include <mutex>

namespace smp::emulator {

std::string s3_etag(std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(body.data(), body.size(), digest, &length, EVP_md5(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned i = 0; i < length; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0x0f]);
  }
  out.push_back('"');
  return out;
}

bool S3Store::create_bucket(std::string_view bucket) {
  std::unique_lock lock(mutex_);
  return buckets_.try_emplace(std::string(bucket)).second;
}

bool S3Store::bucket_exists(std::string_view bucket) const {
  std::shared_lock lock(mutex_);
  return buckets_.find(bucket) != buckets_.end();
}

Result<std::string> S3Store::put(std::string_view bucket, std::string_view key, S3Object object) {
  object.etag = s3_etag(object.body);
  object.last_modified = clock_.now();
  std::string etag = object.etag;
  std::unique_lock lock(mutex_);
  const auto it = buckets_.find(bucket);
  if (it == buckets_.end())
    return fail(ErrorKind::not_found, "NoSuchBucket", "The specified bucket does not exist.");
  it->second.insert_or_assign(std::string(key), std::move(object));
  return etag;
}

Result<S3Object> S3Store::get(std::string_view bucket, std::string_view key) const {
  std::shared_lock lock(mutex_);
  const auto it = buckets_.find(bucket);
  if (it == buckets_.end())
    return fail(ErrorKind::not_found, "NoSuchBucket", "The specified bucket does not exist.");
  const auto object = it->second.find(key);
  if (object == it->second.end())
    return fail(ErrorKind::not_found, "NoSuchKey", "The specified key does not exist.");
  return object->second;
}

Result<void> S3Store::remove(std::string_view bucket, std::string_view key) {
  std::unique_lock lock(mutex_);
  const auto it = buckets_.find(bucket);
  if (it == buckets_.end())
    return fail(ErrorKind::not_found, "NoSuchBucket", "The specified bucket does not exist.");
  if (const auto object = it->second.find(key); object != it->second.end())
    it->second.erase(object);
  return {};
}

void S3Store::set_presigner(Presigner presigner, PresignedReader reader) {
  std::unique_lock lock(mutex_);
  presigner_ = std::move(presigner);
  presigned_reader_ = std::move(reader);
}

Result<void> S3Store::put_object(std::string_view bucket, std::string_view key, std::string body,
                                 std::string_view content_type) {
  create_bucket(bucket);
  S3Object object;
  object.body = std::move(body);
  if (!content_type.empty()) object.content_type = std::string(content_type);
  auto stored = put(bucket, key, std::move(object));
  if (!stored) return fail(stored.error());
  return {};
}

Result<std::string> S3Store::get_object(std::string_view bucket, std::string_view key) {
  auto object = get(bucket, key);
  if (!object) return fail(object.error());
  return std::move(object->body);
}

Result<std::string> S3Store::presign_get(std::string_view bucket, std::string_view key,
                                         std::chrono::seconds expires_in) {
  Presigner presigner;
  {
    std::shared_lock lock(mutex_);
    presigner = presigner_;
  }
  if (!presigner)
    return fail(ErrorKind::unavailable, "NotListening",
                "the emulator is not listening yet, so it cannot presign URLs");
  return presigner(bucket, key, expires_in);
}

Result<std::string> S3Store::get_presigned(std::string_view url) {
  PresignedReader reader;
  {
    std::shared_lock lock(mutex_);
    reader = presigned_reader_;
  }
  if (!reader)
    return fail(ErrorKind::not_found, "NotOurs", "no presigned URL was issued by this emulator");
  return reader(url);
}

}  // namespace smp::emulator
