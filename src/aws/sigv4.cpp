#include "aws/sigv4.hpp"

#include <array>
#include <span>

#include "aws/crypto.hpp"
#include "aws/signing_key_cache.hpp"
#include "aws/sigv4_canonical.hpp"
#include "aws/sigv4_time.hpp"
#include "aws/uri_encoding.hpp"

namespace smp::aws {

namespace {

enum class HeaderPath { fastest_available, generic };

SigningKeyCache& cache_of(const SigningParams& params) {
  return params.key_cache != nullptr ? *params.key_cache : SigningKeyCache::shared();
}

std::string authorization_value(std::string_view access_key_id, std::string_view scope,
                                std::string_view signed_headers, std::string_view signature) {
  constexpr std::string_view kCredential = " Credential=";
  constexpr std::string_view kSignedHeaders = ", SignedHeaders=";
  constexpr std::string_view kSignature = ", Signature=";
  std::string out;
  out.reserve(kSigV4Algorithm.size() + kCredential.size() + access_key_id.size() + 1 +
              scope.size() + kSignedHeaders.size() + signed_headers.size() + kSignature.size() +
              signature.size());
  out += kSigV4Algorithm;
  out += kCredential;
  out += access_key_id;
  out += '/';
  out += scope;
  out += kSignedHeaders;
  out += signed_headers;
  out += kSignature;
  out += signature;
  return out;
}

SigningStages sign(HttpRequest& request, const Credentials& credentials,
                   const SigningParams& params, HeaderPath path) {
  // The hot path of every request: stack buffers where std::string would allocate, and the
  // canonical request written once into its final string.
  const AmzDateChars amz_date_buffer = amz_date_chars(params.time);
  const std::string_view amz_date(amz_date_buffer.data(), amz_date_buffer.size());
  const std::string_view date = amz_date.substr(0, 8);
  const bool has_token = !credentials.session_token.empty();

  // A retry re-signs the same request: drop what the previous signature added.
  Headers& headers = request.headers;
  headers.remove("Authorization");
  headers.remove("X-Amz-Date");
  if (has_token) headers.remove("X-Amz-Security-Token");
  if (params.add_content_sha256) headers.remove("X-Amz-Content-SHA256");

  std::string declared_payload_hash;  // copied: adding headers below may move the original
  std::array<char, 2 * kSha256Size> payload_hex;
  std::string_view payload_hash;
  if (const auto declared = headers.get("X-Amz-Content-SHA256")) {
    declared_payload_hash = *declared;
    payload_hash = declared_payload_hash;
  } else if (params.unsigned_payload) {
    payload_hash = kUnsignedPayload;
  } else {
    write_hex(payload_hex.data(), sha256(request.body));
    payload_hash = std::string_view(payload_hex.data(), payload_hex.size());
  }

  const UrlParts url = split_url(request.url);
  const bool add_host = !headers.contains("Host");
  const std::string host = add_host ? host_header_value(url) : std::string();

  // The headers the signer adds, in canonical (sorted) order.
  std::array<SignerHeader, 4> extra_storage;
  std::size_t extra_count = 0;
  if (add_host) extra_storage[extra_count++] = {"host", host};
  if (params.add_content_sha256) {
    extra_storage[extra_count++] = {"x-amz-content-sha256", payload_hash};
  }
  extra_storage[extra_count++] = {"x-amz-date", amz_date};
  if (has_token && params.sign_session_token) {
    extra_storage[extra_count++] = {"x-amz-security-token", credentials.session_token};
  }
  const std::span<const SignerHeader> extra(extra_storage.data(), extra_count);

  SigningStages stages;
  std::string& creq = stages.canonical_request;
  std::size_t header_bytes = 0;
  for (const auto& [name, value] : headers)
    header_bytes += name.size() + value.size() + 2;
  for (const SignerHeader& h : extra)
    header_bytes += h.name.size() + h.value.size() + 2;
  creq.reserve(request.method.size() + url.path.size() + url.query.size() + 2 * header_bytes +
               payload_hash.size() + 16);
  for (char c : request.method)
    creq += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  creq += '\n';
  append_canonical_uri(creq, url.path, params.normalize_path, params.double_encode_path);
  creq += '\n';
  if (!url.query.empty()) creq += canonical_query_string(url.query);
  creq += '\n';
  if (path == HeaderPath::generic ||
      !canonical_headers_fast(headers, extra, creq, stages.signed_headers)) {
    CanonicalHeaders canonical = canonical_headers(headers, extra);
    creq += canonical.lines;
    stages.signed_headers = std::move(canonical.signed_headers);
  }
  creq += '\n';
  creq += stages.signed_headers;
  creq += '\n';
  creq += payload_hash;

  stages.string_to_sign = string_to_sign(amz_date, date, params.region, params.service, creq);
  // The scope is the third line of the string to sign; no second copy needed.
  const std::size_t scope_start = kSigV4Algorithm.size() + 1 + amz_date.size() + 1;
  const std::string_view scope =
      std::string_view(stages.string_to_sign)
          .substr(scope_start, stages.string_to_sign.size() - scope_start - 1 - 2 * kSha256Size);
  const Sha256Digest key =
      cache_of(params).get(credentials.access_key_id, credentials.secret_access_key, date,
                           params.region, params.service);
  stages.signature = signature_hex(key, stages.string_to_sign);
  stages.authorization = authorization_value(credentials.access_key_id, scope,
                                             stages.signed_headers, stages.signature);

  if (add_host) headers.add("Host", host);
  // With sign_session_token off the token still travels, it is just not covered by the signature.
  if (has_token) headers.add("X-Amz-Security-Token", credentials.session_token);
  headers.add("X-Amz-Date", std::string(amz_date));
  if (params.add_content_sha256) headers.add("X-Amz-Content-SHA256", std::string(payload_hash));
  headers.add("Authorization", stages.authorization);
  return stages;
}

}  // namespace

SigningStages sign_request(HttpRequest& request, const Credentials& credentials,
                           const SigningParams& params) {
  return sign(request, credentials, params, HeaderPath::fastest_available);
}

SigningStages sign_request_generic(HttpRequest& request, const Credentials& credentials,
                                   const SigningParams& params) {
  return sign(request, credentials, params, HeaderPath::generic);
}

std::string presign_url(const HttpRequest& request, const Credentials& credentials,
                        const SigningParams& params, std::chrono::seconds expires) {
  SigningStages stages;
  return presign_url(request, credentials, params, expires, stages);
}

std::string presign_url(const HttpRequest& request, const Credentials& credentials,
                        const SigningParams& params, std::chrono::seconds expires,
                        SigningStages& stages) {
  const std::string amz_date = format_amz_date(params.time);
  const std::string_view date = std::string_view(amz_date).substr(0, 8);
  const std::string scope = credential_scope(date, params.region, params.service);
  const UrlParts url = split_url(request.url);

  const bool add_host = !request.headers.contains("Host");
  const std::string host = add_host ? host_header_value(url) : std::string();
  const std::array<SignerHeader, 1> extra = {SignerHeader{"host", host}};
  CanonicalHeaders canonical = canonical_headers(
      request.headers, std::span<const SignerHeader>(extra.data(), add_host ? 1 : 0));

  const bool token_in_query = !credentials.session_token.empty();
  // botocore's order; the canonical form sorts them anyway.
  std::vector<std::pair<std::string, std::string>> auth_params = {
      {"X-Amz-Algorithm", std::string(kSigV4Algorithm)},
      {"X-Amz-Credential", credentials.access_key_id + "/" + scope},
      {"X-Amz-Date", amz_date},
      {"X-Amz-Expires", std::to_string(expires.count())},
      {"X-Amz-SignedHeaders", canonical.signed_headers},
  };
  if (token_in_query) auth_params.emplace_back("X-Amz-Security-Token", credentials.session_token);

  std::vector<std::pair<std::string, std::string>> all_params = parse_query(url.query);
  const std::size_t signed_auth_params =
      auth_params.size() - (token_in_query && !params.sign_session_token ? 1 : 0);
  all_params.insert(all_params.end(), auth_params.begin(),
                    auth_params.begin() + static_cast<std::ptrdiff_t>(signed_auth_params));

  const std::string payload_hash =
      params.unsigned_payload ? std::string(kUnsignedPayload) : sha256_hex(request.body);
  stages.canonical_request = canonical_request(
      request.method, canonical_uri(url.path, params.normalize_path, params.double_encode_path),
      canonical_query_string(std::move(all_params)), canonical, payload_hash);
  stages.string_to_sign = string_to_sign(amz_date, scope, stages.canonical_request);
  const Sha256Digest key =
      cache_of(params).get(credentials.access_key_id, credentials.secret_access_key, date,
                           params.region, params.service);
  stages.signature = signature_hex(key, stages.string_to_sign);
  stages.signed_headers = std::move(canonical.signed_headers);
  stages.authorization.clear();

  // The request's own query stays exactly as it was; the auth parameters follow it.
  std::string out(request.url.substr(0, request.url.find('#')));
  if (out.find('?') == std::string::npos) {
    out += '?';
  } else if (out.back() != '?' && out.back() != '&') {
    out += '&';
  }
  for (const auto& [name, value] : auth_params) {
    out += name;
    out += '=';
    append_uri_encoded(out, value);
    out += '&';
  }
  out += "X-Amz-Signature=";
  out += stages.signature;
  return out;
}

}  // namespace smp::aws
