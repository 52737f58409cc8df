#pragma once
// The emulated S3 routes: CreateBucket, PutObject, GetObject, HeadObject, DeleteObject, in
// path style (/bucket/key) and virtual-host style (Host: bucket.s3.localhost[:port] or
// bucket.localhost[:port]). Errors are S3's XML documents (NoSuchBucket, NoSuchKey, …).
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "base/http_message.hpp"
#include "emulator/principals.hpp"
#include "emulator/request_log.hpp"
#include "emulator/s3_store.hpp"

namespace smp::emulator {

struct S3Target {
  std::string bucket;  // empty: the service root (ListBuckets)
  std::string key;     // empty: a bucket operation
  bool virtual_host = false;
};

// The bucket named by a virtual-host style Host header, if any ("b.s3.localhost:4566" → "b").
std::optional<std::string> virtual_host_bucket(std::string_view host);
// Bucket and key of a request: from the Host header when it names a bucket, else from the path.
// `raw_path` is percent-encoded.
S3Target s3_target(std::string_view host, std::string_view raw_path);

class S3Service {
 public:
  S3Service(S3Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // `caller` is the verified principal (header or presigned-query signature).
  HttpResponse handle(const HttpRequest& request, const S3Target& target, const Principal& caller,
                      std::string_view request_id, RequestLogEntry& log) const;

 private:
  HttpResponse put_object(const HttpRequest& request, const S3Target& target,
                          std::string_view request_id) const;
  HttpResponse get_object(const S3Target& target, std::string_view request_id) const;

  S3Store& store_;
  const Clock& clock_;
};

// "Mon, 15 Jan 2024 12:00:00 GMT" (RFC 7231 IMF-fixdate).
std::string http_date(SystemTime time);

}  // namespace smp::emulator
