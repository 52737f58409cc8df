#include "emulator/s3_service.hpp"

#include <array>
#include <ctime>

#include "aws/crypto.hpp"
#include "base/base64.hpp"
#include "emulator/aws_chunked.hpp"
#include "emulator/query_params.hpp"
#include "emulator/service_error.hpp"
#include "emulator/xml_text.hpp"

namespace smp::emulator {
namespace {

HttpResponse s3_fail(std::string_view request_id, int status, std::string code, std::string message,
                     std::vector<ServiceError::Field> fields = {}) {
  ServiceError e;
  e.status = status;
  e.code = std::move(code);
  e.message = std::move(message);
  e.fields = std::move(fields);
  return render_error(Protocol::s3_xml, e, request_id);
}

HttpResponse s3_ok(int status, std::string_view request_id) {
  HttpResponse response;
  response.status = status;
  response.headers.add("x-amz-request-id", std::string(request_id));
  response.headers.add("x-amz-id-2", s3_host_id(request_id));
  return response;
}

HttpResponse store_error(const Error& error, const S3Target& target, std::string_view request_id) {
  if (error.code == "NoSuchBucket")
    return s3_fail(request_id, 404, "NoSuchBucket", error.message, {{"BucketName", target.bucket}});
  return s3_fail(request_id, 404, "NoSuchKey", error.message, {{"Key", target.key}});
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string http_date(SystemTime time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 64> buffer{};
  const auto n = std::strftime(buffer.data(), buffer.size(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buffer.data(), n);
}

std::optional<std::string> virtual_host_bucket(std::string_view host) {
  if (host.starts_with('[')) return std::nullopt;  // IPv6 literal
  if (const auto colon = host.rfind(':'); colon != std::string_view::npos)
    host = host.substr(0, colon);
  const std::string lowered = lowercase(host);
  std::string_view h = lowered;
  constexpr std::string_view suffix = ".localhost";
  if (!h.ends_with(suffix)) return std::nullopt;
  h.remove_suffix(suffix.size());
  // bucket.s3.localhost, bucket.s3.REGION.localhost, bucket.localhost; s3.localhost is the root.
  if (h == "s3" || h.starts_with("s3.")) return std::nullopt;
  if (const auto s3 = h.find(".s3");
      s3 != std::string_view::npos && (s3 + 3 == h.size() || h[s3 + 3] == '.'))
    h = h.substr(0, s3);
  if (h.empty()) return std::nullopt;
  return std::string(h);
}

S3Target s3_target(std::string_view host, std::string_view raw_path) {
  S3Target target;
  std::string_view path = raw_path;
  if (path.starts_with('/')) path.remove_prefix(1);
  if (auto bucket = virtual_host_bucket(host)) {
    target.bucket = std::move(*bucket);
    target.key = percent_decode(path, false);
    target.virtual_host = true;
    return target;
  }
  const auto slash = path.find('/');
  target.bucket = percent_decode(path.substr(0, slash), false);
  if (slash != std::string_view::npos) target.key = percent_decode(path.substr(slash + 1), false);
  return target;
}

HttpResponse S3Service::handle(const HttpRequest& request, const S3Target& target,
                               const Principal& caller, std::string_view request_id,
                               RequestLogEntry& log) const {
  const std::string& method = request.method;
  std::string operation, action;
  if (target.bucket.empty()) {
    operation = "ListBuckets";
  } else if (target.key.empty()) {
    operation = method == "PUT" ? "CreateBucket" : method == "HEAD" ? "HeadBucket" : "";
    action = method == "PUT" ? "s3:CreateBucket" : "s3:ListBucket";
  } else if (method == "PUT") {
    operation = "PutObject", action = "s3:PutObject";
  } else if (method == "GET") {
    operation = "GetObject", action = "s3:GetObject";
  } else if (method == "HEAD") {
    operation = "HeadObject", action = "s3:GetObject";
  } else if (method == "DELETE") {
    operation = "DeleteObject", action = "s3:DeleteObject";
  }
  log.operation = operation;
  if (operation.empty() || operation == "ListBuckets")
    return s3_fail(request_id, 501, "NotImplemented",
                   "A header you provided implies functionality that is not implemented");

  const std::string resource_name =
      target.key.empty() ? target.bucket : target.bucket + "/" + target.key;
  if (!caller.policy->allows(action, ResourceRef{"arn:aws:s3:::" + resource_name, resource_name}))
    return s3_fail(request_id, 403, "AccessDenied", "Access Denied");

  if (operation == "CreateBucket") {
    if (!store_.create_bucket(target.bucket))
      return s3_fail(request_id, 409, "BucketAlreadyOwnedByYou",
                     "Your previous request to create the named bucket succeeded and you already "
                     "own it.",
                     {{"BucketName", target.bucket}});
    auto response = s3_ok(200, request_id);
    response.headers.add("Location", "/" + target.bucket);
    return response;
  }
  if (operation == "HeadBucket") {
    if (!store_.bucket_exists(target.bucket))
      return s3_fail(request_id, 404, "NoSuchBucket", "The specified bucket does not exist.",
                     {{"BucketName", target.bucket}});
    return s3_ok(200, request_id);
  }
  if (operation == "PutObject") return put_object(request, target, request_id);
  if (operation == "DeleteObject") {
    if (auto removed = store_.remove(target.bucket, target.key); !removed)
      return store_error(removed.error(), target, request_id);
    return s3_ok(204, request_id);
  }
  return get_object(target, request_id);
}

HttpResponse S3Service::put_object(const HttpRequest& request, const S3Target& target,
                                   std::string_view request_id) const {
  S3Object object;
  const auto sha_header = request.headers.get("x-amz-content-sha256");
  if (sha_header && sha_header->starts_with("STREAMING-")) {
    auto decoded = decode_aws_chunked(request.body);
    if (!decoded)
      return s3_fail(request_id, 400, "IncompleteBody", "The request body terminated unexpectedly");
    object.body = std::move(decoded->data);
  } else {
    object.body = request.body;
    if (sha_header && *sha_header != "UNSIGNED-PAYLOAD" &&
        *sha_header != aws::sha256_hex(object.body))
      return s3_fail(request_id, 400, "XAmzContentSHA256Mismatch",
                     "The provided 'x-amz-content-sha256' header does not match what was "
                     "computed.",
                     {{"ClientComputedContentSHA256", std::string(*sha_header)},
                      {"S3ComputedContentSHA256", aws::sha256_hex(object.body)}});
  }
  if (const auto md5 = request.headers.get("Content-MD5")) {
    const auto expected = s3_etag(object.body);  // "\"hex\""
    const auto given = base64_decode(*md5);
    std::string given_hex = "\"";
    if (given)
      given_hex += to_hex(
          std::span(reinterpret_cast<const std::uint8_t*>(given->data()), given->size()));
    given_hex += "\"";
    if (given_hex != expected)
      return s3_fail(request_id, 400, "BadDigest",
                     "The Content-MD5 you specified did not match what we received.");
  }
  if (const auto type = request.headers.get("Content-Type"))
    object.content_type = std::string(*type);
  for (const auto& [name, value] : request.headers)
    if (lowercase(name).starts_with("x-amz-meta-"))
      object.metadata.emplace_back(lowercase(name), value);
  auto etag = store_.put(target.bucket, target.key, std::move(object));
  if (!etag) return store_error(etag.error(), target, request_id);
  auto response = s3_ok(200, request_id);
  response.headers.add("ETag", *etag);
  for (const auto& [name, value] : request.headers)
    if (lowercase(name).starts_with("x-amz-checksum-")) response.headers.add(name, value);
  return response;
}

HttpResponse S3Service::get_object(const S3Target& target, std::string_view request_id) const {
  auto object = store_.get(target.bucket, target.key);
  // HEAD answers carry the same headers (Content-Length included) and the writer drops the body.
  if (!object) return store_error(object.error(), target, request_id);
  auto response = s3_ok(200, request_id);
  response.headers.add("Content-Type", object->content_type);
  response.headers.add("ETag", object->etag);
  response.headers.add("Last-Modified", http_date(object->last_modified));
  response.headers.add("Accept-Ranges", "bytes");
  for (const auto& [name, value] : object->metadata)
    response.headers.add(name, value);
  response.body = std::move(object->body);
  return response;
}

}  // namespace smp::emulator
