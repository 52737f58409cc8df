#include "aws/sigv4_verify.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "aws/crypto.hpp"
#include "aws/signing_key_cache.hpp"
#include "aws/sigv4_canonical.hpp"
#include "aws/sigv4_time.hpp"
#include "aws/uri_encoding.hpp"

namespace smp::aws {

namespace {

constexpr std::chrono::seconds kMaxPresignExpiry{604800};  // one week, as AWS enforces

using ParseResult = std::expected<std::optional<ReceivedSigV4>, SigV4Verdict>;

std::unexpected<SigV4Verdict> malformed(std::string message) {
  return std::unexpected(SigV4Verdict{SigV4Status::malformed, std::move(message), {}, {}});
}

SigV4Verdict verdict(SigV4Status status, std::string message) {
  return SigV4Verdict{status, std::move(message), {}, {}};
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

bool is_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_lower_hex_digest(std::string_view text) {
  return text.size() == 2 * kSha256Size && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "AKID/20150830/us-east-1/service/aws4_request". The key id is everything before the last four
// parts, so an unusual id cannot shift the scope.
std::expected<CredentialScope, std::string> parse_credential(std::string_view credential) {
  std::array<std::string_view, 4> tail;
  std::string_view rest = credential;
  for (int i = 3; i >= 0; --i) {
    const std::size_t slash = rest.rfind('/');
    if (slash == std::string_view::npos) {
      return std::unexpected(
          "Credential should be of the form <key id>/<date>/<region>/<service>/"
          "aws4_request.");
    }
    tail[static_cast<std::size_t>(i)] = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (rest.empty()) return std::unexpected("Credential should name an access key id.");
  if (tail[3] != "aws4_request") {
    return std::unexpected(
        "Credential should be scoped with a valid terminator: 'aws4_request', "
        "not '" +
        std::string(tail[3]) + "'.");
  }
  if (tail[0].size() != 8 || !is_digits(tail[0])) {
    return std::unexpected("Credential should be scoped to a valid date (YYYYMMDD), not '" +
                           std::string(tail[0]) + "'.");
  }
  if (tail[1].empty()) return std::unexpected("Credential should be scoped to a valid region.");
  if (tail[2].empty()) return std::unexpected("Credential should be scoped to a valid service.");
  return CredentialScope{std::string(rest), std::string(tail[0]), std::string(tail[1]),
                         std::string(tail[2])};
}

std::expected<std::vector<std::string>, std::string> parse_signed_headers(std::string_view list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(';', start);
    if (end == std::string_view::npos) end = list.size();
    const std::string_view name = list.substr(start, end - start);
    if (name.empty()) return std::unexpected("SignedHeaders contains an empty header name.");
    names.push_back(lower(name));
    start = end + 1;
  }
  return names;
}

std::optional<std::string_view> single_header(const Headers& headers, std::string_view name,
                                              bool& repeated) {
  std::optional<std::string_view> found;
  repeated = false;
  for (const auto& [field, value] : headers) {
    if (!iequals(field, name)) continue;
    if (found) repeated = true;
    found = value;
  }
  return found;
}

// X-Amz-Date, else an RFC 1123 Date header (botocore signs with Date when the request has one).
std::expected<void, std::string> read_request_date(const Headers& headers, ReceivedSigV4& auth) {
  bool repeated = false;
  if (const auto amz_date = single_header(headers, "X-Amz-Date", repeated)) {
    if (repeated) return std::unexpected("X-Amz-Date must appear only once.");
    const auto time = parse_amz_date(trim(*amz_date));
    if (!time) {
      return std::unexpected(
          "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    }
    auth.amz_date = std::string(trim(*amz_date));
    auth.time = *time;
    return {};
  }
  if (const auto date = single_header(headers, "Date", repeated)) {
    const auto time = parse_http_date(*date);
    if (!time || repeated) return std::unexpected("Date must be an RFC 1123 date.");
    auth.amz_date = format_amz_date(*time);
    auth.time = *time;
    return {};
  }
  return std::unexpected(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
}

ParseResult parse_header_auth(const HttpRequest& request, std::string_view value) {
  ReceivedSigV4 auth;
  auth.location = SigV4Location::header;
  std::string_view rest = trim(value).substr(kSigV4Algorithm.size());

  std::optional<std::string_view> credential, signed_headers, signature;
  std::string missing;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view part = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return malformed("Authorization header parameters must be of the form Name=Value.");
    }
    const std::string_view name = part.substr(0, eq);
    std::optional<std::string_view>* slot = name == "Credential"      ? &credential
                                            : name == "SignedHeaders" ? &signed_headers
                                            : name == "Signature"     ? &signature
                                                                      : nullptr;
    if (slot == nullptr) {
      return malformed("Authorization header has an unknown parameter '" +
                       std::string(name.substr(0, 64)) + "'.");
    }
    if (*slot) {
      return malformed("Authorization header has a repeated '" + std::string(name) +
                       "' parameter.");
    }
    *slot = part.substr(eq + 1);
  }
  if (!credential || credential->empty()) {
    missing += "Authorization header requires 'Credential' parameter. ";
  }
  if (!signature || signature->empty()) {
    missing += "Authorization header requires 'Signature' parameter. ";
  }
  if (!signed_headers || signed_headers->empty()) {
    missing += "Authorization header requires 'SignedHeaders' parameter. ";
  }
  const auto date = read_request_date(request.headers, auth);
  if (!date && date.error().starts_with("Authorization header requires")) missing += date.error();
  if (!missing.empty()) {
    while (missing.back() == ' ')
      missing.pop_back();
    return malformed(std::move(missing));
  }
  if (!date) return malformed(date.error());

  auto scope = parse_credential(*credential);
  if (!scope) return malformed(scope.error());
  auth.scope = std::move(*scope);
  auto names = parse_signed_headers(*signed_headers);
  if (!names) return malformed(names.error());
  auth.signed_headers = std::move(*names);
  auth.signature = std::string(*signature);
  bool repeated = false;
  if (const auto token = single_header(request.headers, "X-Amz-Security-Token", repeated)) {
    if (repeated) return malformed("X-Amz-Security-Token must appear only once.");
    auth.security_token = std::string(*token);
  }
  return auth;
}

ParseResult parse_query_auth(const std::vector<std::pair<std::string, std::string>>& params) {
  ReceivedSigV4 auth;
  auth.location = SigV4Location::query;
  constexpr std::array<std::string_view, 7> kNames = {
      "X-Amz-Algorithm",     "X-Amz-Credential", "X-Amz-Date",          "X-Amz-Expires",
      "X-Amz-SignedHeaders", "X-Amz-Signature",  "X-Amz-Security-Token"};
  std::array<std::optional<std::string_view>, kNames.size()> values;
  for (const auto& [key, value] : params) {
    for (std::size_t i = 0; i < kNames.size(); ++i) {
      if (key != kNames[i]) continue;
      if (values[i]) {
        return malformed("AWS query-string parameters must not repeat '" + key + "'.");
      }
      values[i] = value;
    }
  }
  std::string missing;
  for (std::size_t i = 0; i + 1 < kNames.size(); ++i) {  // all but the optional token
    if (!values[i] || values[i]->empty()) {
      missing += "AWS query-string parameters must include '" + std::string(kNames[i]) + "'. ";
    }
  }
  if (!missing.empty()) return malformed(missing + "Re-examine the query-string parameters.");
  if (*values[0] != kSigV4Algorithm) {
    return malformed("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
  }
  auto scope = parse_credential(*values[1]);
  if (!scope) return malformed(scope.error());
  auth.scope = std::move(*scope);
  const auto time = parse_amz_date(*values[2]);
  if (!time) {
    return malformed("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  auth.amz_date = std::string(*values[2]);
  auth.time = *time;
  long long seconds = -1;
  const std::string_view expires = *values[3];
  const auto [end, error] =
      std::from_chars(expires.data(), expires.data() + expires.size(), seconds);
  if (error != std::errc() || end != expires.data() + expires.size() || seconds < 0) {
    return malformed("X-Amz-Expires should be a number of seconds (non-negative).");
  }
  if (std::chrono::seconds(seconds) > kMaxPresignExpiry) {
    return malformed("X-Amz-Expires must be less than a week (in seconds) that is 604800");
  }
  auth.expires = std::chrono::seconds(seconds);
  auto names = parse_signed_headers(*values[4]);
  if (!names) return malformed(names.error());
  auth.signed_headers = std::move(*names);
  auth.signature = std::string(*values[5]);
  if (values[6]) auth.security_token = std::string(*values[6]);
  return auth;
}

bool has_query_auth(const std::vector<std::pair<std::string, std::string>>& params) {
  return std::any_of(params.begin(), params.end(), [](const auto& p) {
    return p.first == "X-Amz-Algorithm" || p.first == "X-Amz-Credential" ||
           p.first == "X-Amz-Signature";
  });
}

std::string minutes_text(std::chrono::seconds skew) {
  const auto whole = std::chrono::duration_cast<std::chrono::minutes>(skew);
  if (whole == skew) return std::to_string(whole.count()) + " min.";
  return std::to_string(skew.count()) + " sec.";
}

std::string mismatch_message(bool s3, const std::string& canonical, const std::string& sts) {
  if (s3) {
    return "The request signature we calculated does not match the signature you provided. "
           "Check your key and signing method.";
  }
  return "The request signature we calculated does not match the signature you provided. Check "
         "your AWS Secret Access Key and signing method. Consult the service documentation for "
         "details.\n\nThe Canonical String for this request should have been\n'" +
         canonical + "'\n\nThe String-to-Sign should have been\n'" + sts + "'\n";
}

}  // namespace

std::expected<std::optional<ReceivedSigV4>, SigV4Verdict> parse_sigv4_auth(
    const HttpRequest& request) {
  const UrlParts url = split_url(request.url);
  const auto params = parse_query(url.query);
  const bool in_query = has_query_auth(params);

  bool repeated = false;
  const auto header = single_header(request.headers, "Authorization", repeated);
  const std::string_view header_value = header ? trim(*header) : std::string_view();
  const bool in_header =
      header_value.starts_with(kSigV4Algorithm) && (header_value.size() == kSigV4Algorithm.size() ||
                                                    header_value[kSigV4Algorithm.size()] == ' ');

  if (in_header && in_query) {
    return malformed(
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter "
        "or the Authorization header should be specified.");
  }
  if (in_header) {
    if (repeated) return malformed("The Authorization header must appear only once.");
    return parse_header_auth(request, header_value);
  }
  if (in_query) return parse_query_auth(params);
  return std::optional<ReceivedSigV4>();
}

SigV4Verdict verify_sigv4(const HttpRequest& request, const ReceivedSigV4& auth,
                          std::string_view secret_access_key, const VerifyOptions& options) {
  const bool s3 = options.s3_rules.value_or(auth.scope.service == "s3");

  if (auth.scope.date != std::string_view(auth.amz_date).substr(0, 8)) {
    return verdict(SigV4Status::malformed,
                   "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                   "date from HTTP: '" +
                       auth.scope.date + "' != '" + auth.amz_date.substr(0, 8) + "', from '" +
                       auth.amz_date + "'.");
  }
  if (std::find(auth.signed_headers.begin(), auth.signed_headers.end(), "host") ==
      auth.signed_headers.end()) {
    return verdict(SigV4Status::malformed,
                   "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }

  const auto now = std::chrono::floor<std::chrono::seconds>(options.now);
  if (auth.time > now + options.max_skew) {
    return verdict(SigV4Status::skewed,
                   "Signature not yet current: " + auth.amz_date + " is still later than " +
                       format_amz_date(now + options.max_skew) + " (" + format_amz_date(now) +
                       " + " + minutes_text(options.max_skew) + ")");
  }
  if (auth.location == SigV4Location::header && auth.time < now - options.max_skew) {
    return verdict(SigV4Status::skewed,
                   s3 ? "The difference between the request time and the current time is too "
                        "large."
                      : "Signature expired: " + auth.amz_date + " is now earlier than " +
                            format_amz_date(now - options.max_skew) + " (" + format_amz_date(now) +
                            " - " + minutes_text(options.max_skew) + ")");
  }
  if (auth.location == SigV4Location::query && auth.expires && now > auth.time + *auth.expires) {
    return verdict(SigV4Status::expired, "Request has expired");
  }

  std::string payload_hash;
  bool repeated = false;
  if (const auto declared = single_header(request.headers, "X-Amz-Content-SHA256", repeated)) {
    payload_hash = std::string(*declared);
    if (is_lower_hex_digest(payload_hash)) {
      if (payload_hash != sha256_hex(request.body)) {
        return verdict(SigV4Status::content_sha256_mismatch,
                       "The provided 'x-amz-content-sha256' header does not match what was "
                       "computed.");
      }
    } else if (payload_hash != kUnsignedPayload && !payload_hash.starts_with("STREAMING-")) {
      return verdict(SigV4Status::malformed,
                     "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-... or a valid "
                     "sha256 value.");
    }
  } else if (auth.location == SigV4Location::query && s3) {
    payload_hash = kUnsignedPayload;
  } else {
    payload_hash = sha256_hex(request.body);
  }

  const UrlParts url = split_url(request.url);
  std::string query;
  if (auth.location == SigV4Location::query) {
    auto params = parse_query(url.query);
    std::erase_if(params, [](const auto& p) { return p.first == "X-Amz-Signature"; });
    query = canonical_query_string(std::move(params));
  } else {
    query = canonical_query_string(url.query);
  }
  std::vector<std::string_view> names(auth.signed_headers.begin(), auth.signed_headers.end());
  const CanonicalHeaders headers = canonical_headers_for(request.headers, names);

  SigV4Verdict result;
  result.canonical_request = canonical_request(request.method, canonical_uri(url.path, !s3, !s3),
                                               query, headers, payload_hash);
  const std::string scope =
      credential_scope(auth.scope.date, auth.scope.region, auth.scope.service);
  result.string_to_sign = string_to_sign(auth.amz_date, scope, result.canonical_request);
  SigningKeyCache& cache =
      options.key_cache != nullptr ? *options.key_cache : SigningKeyCache::shared();
  const Sha256Digest key = cache.get(auth.scope.access_key_id, secret_access_key, auth.scope.date,
                                     auth.scope.region, auth.scope.service);
  const std::string expected = signature_hex(key, result.string_to_sign);
  if (!constant_time_equals(expected, auth.signature)) {
    result.status = SigV4Status::mismatch;
    result.message = mismatch_message(s3, result.canonical_request, result.string_to_sign);
  }
  return result;
}

SigV4ErrorCode sigv4_error_code(SigV4Status status, AwsErrorStyle style) {
  switch (status) {
    case SigV4Status::ok:
      return {"", 200};
    case SigV4Status::malformed:
      switch (style) {
        case AwsErrorStyle::json:
          return {"IncompleteSignatureException", 400};
        case AwsErrorStyle::query_xml:
          return {"IncompleteSignature", 400};
        case AwsErrorStyle::s3:
          return {"AuthorizationHeaderMalformed", 400};
      }
      break;
    case SigV4Status::mismatch:
      return {style == AwsErrorStyle::json ? "InvalidSignatureException" : "SignatureDoesNotMatch",
              403};
    case SigV4Status::skewed:
      switch (style) {
        case AwsErrorStyle::json:
          return {"InvalidSignatureException", 403};
        case AwsErrorStyle::query_xml:
          return {"SignatureDoesNotMatch", 403};
        case AwsErrorStyle::s3:
          return {"RequestTimeTooSkewed", 403};
      }
      break;
    case SigV4Status::expired:
      return style == AwsErrorStyle::s3 ? SigV4ErrorCode{"AccessDenied", 403}
                                        : SigV4ErrorCode{"RequestExpired", 400};
    case SigV4Status::content_sha256_mismatch:
      switch (style) {
        case AwsErrorStyle::json:
          return {"InvalidSignatureException", 403};
        case AwsErrorStyle::query_xml:
          return {"SignatureDoesNotMatch", 403};
        case AwsErrorStyle::s3:
          return {"XAmzContentSHA256Mismatch", 400};
      }
      break;
  }
  return {"InternalFailure", 500};
}

}  // namespace smp::aws
