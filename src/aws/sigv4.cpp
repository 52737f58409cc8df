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

void write_authorization(std::string& out, std::string_view access_key_id, std::string_view scope,
                         std::string_view signed_headers, const Sha256Digest& signature) {
  constexpr std::string_view kCredential = " Credential=";
  constexpr std::string_view kSignedHeaders = ", SignedHeaders=";
  constexpr std::string_view kSignature = ", Signature=";
  out.clear();
  out.reserve(kSigV4Algorithm.size() + kCredential.size() + access_key_id.size() + 1 +
              scope.size() + kSignedHeaders.size() + signed_headers.size() + kSignature.size() +
              2 * kSha256Size);
  out += kSigV4Algorithm;
  out += kCredential;
  out += access_key_id;
  out += '/';
  out += scope;
  out += kSignedHeaders;
  out += signed_headers;
  out += kSignature;
  append_hex(out, signature);
}

// Where the fast path builds its intermediate strings: one set per thread, cleared and reused,
// so that after a thread's first request they never allocate.
struct Scratch {
  std::string canonical_request;
  std::string signed_headers;
  std::string string_to_sign;
};

Scratch& thread_scratch() {
  thread_local Scratch scratch;
  return scratch;
}

// The one signing routine. `stages`, when given, receives every intermediate string; without it
// the strings live in per-thread scratch space and only the headers are written.
void sign(HttpRequest& request, const Credentials& credentials, const SigningParams& params,
          HeaderPath path, SigningStages* stages) {
  const AmzDateChars amz_date_buffer = amz_date_chars(params.time);
  const std::string_view amz_date(amz_date_buffer.data(), amz_date_buffer.size());
  const std::string_view date = amz_date.substr(0, 8);
  const bool has_token = !credentials.session_token.empty();
  Headers& headers = request.headers;

  // A previous signature's X-Amz-Date, token and content hash are left out of the canonical
  // headers (the signer's own values replace them) and Authorization is never signed, so a
  // re-sign (retry) overwrites them in place. A token that is not to be signed (or no longer
  // exists) and a content hash to be recomputed must not be read back as the request's own.
  if (!has_token || !params.sign_session_token) headers.remove("X-Amz-Security-Token");
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

  Scratch& scratch = thread_scratch();
  std::string& creq = stages != nullptr ? stages->canonical_request : scratch.canonical_request;
  std::string& signed_headers = stages != nullptr ? stages->signed_headers : scratch.signed_headers;
  std::string& to_sign = stages != nullptr ? stages->string_to_sign : scratch.string_to_sign;
  creq.clear();
  signed_headers.clear();

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
      !canonical_headers_fast(headers, extra, creq, signed_headers)) {
    CanonicalHeaders canonical = canonical_headers(headers, extra);
    creq += canonical.lines;
    signed_headers = std::move(canonical.signed_headers);
  }
  creq += '\n';
  creq += signed_headers;
  creq += '\n';
  creq += payload_hash;

  to_sign.clear();
  const auto [scope_start, scope_size] =
      append_string_to_sign(to_sign, amz_date, date, params.region, params.service, creq);
  const std::string_view scope = std::string_view(to_sign).substr(scope_start, scope_size);

  const Sha256Digest signature =
      cache_of(params)
          .hmac_key(credentials.access_key_id, credentials.secret_access_key, date, params.region,
                    params.service)
          .mac(to_sign);

  if (add_host) headers.add("Host", host);
  // With sign_session_token off the token still travels, it is just not covered by the signature.
  if (has_token) headers.value_slot("X-Amz-Security-Token") = credentials.session_token;
  headers.value_slot("X-Amz-Date") = amz_date;
  if (params.add_content_sha256) headers.value_slot("X-Amz-Content-SHA256") = payload_hash;
  std::string& authorization = headers.value_slot("Authorization");
  write_authorization(authorization, credentials.access_key_id, scope, signed_headers, signature);
  if (stages != nullptr) {
    stages->signature = to_hex(signature);
    stages->authorization = authorization;
  }
}

}  // namespace

SigningStages sign_request(HttpRequest& request, const Credentials& credentials,
                           const SigningParams& params) {
  SigningStages stages;
  sign(request, credentials, params, HeaderPath::fastest_available, &stages);
  return stages;
}

SigningStages sign_request_generic(HttpRequest& request, const Credentials& credentials,
                                   const SigningParams& params) {
  SigningStages stages;
  sign(request, credentials, params, HeaderPath::generic, &stages);
  return stages;
}

void sign_request_fast(HttpRequest& request, const Credentials& credentials,
                       const SigningParams& params) {
  sign(request, credentials, params, HeaderPath::fastest_available, nullptr);
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
