#pragma once
// The building blocks of a SigV4 canonical request (aws-wire.md §3.1-§3.5), shared by the signer
// (sigv4.hpp) and the server-side verifier (sigv4_verify.hpp) so both canonicalise identically.
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/crypto.hpp"
#include "base/http_message.hpp"

namespace smp::aws {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// Headers a signer never signs: hop-by-hop headers a proxy may rewrite, and the ones SDKs add or
// change after signing (botocore SIGNED_HEADERS_BLACKLIST; "authorization" carries the result).
// `name` is compared case-insensitively.
bool is_unsignable_header(std::string_view name);

// The header value with both ends trimmed and every inner run of ASCII whitespace collapsed to
// one space (botocore: ' '.join(value.split()); quotes get no special treatment), appended.
void append_folded_header_value(std::string& out, std::string_view value);

// The canonical URI of a wire path (§3.2): optionally normalised (dot segments, empty segments),
// then percent-encoded once more when `double_encode` (every service but S3). "" becomes "/".
std::string canonical_uri(std::string_view wire_path, bool normalize, bool double_encode);
// Appends the same to `out`; a path that is already canonical (the SageMaker paths) is copied
// without temporaries.
void append_canonical_uri(std::string& out, std::string_view wire_path, bool normalize,
                          bool double_encode);

// A header the signer adds itself (host, x-amz-date, ...): `name` already lower case.
struct SignerHeader {
  std::string_view name;
  std::string_view value;
};

struct CanonicalHeaders {
  std::string lines;           // "name:value\n" per header, sorted by name
  std::string signed_headers;  // "host;x-amz-date"
};

// Every signable header of `headers` plus `extra`: names lower-cased, values folded, repeated
// names joined with ',' in order, sorted by name. A field of `headers` named like one of `extra`
// is left out: the signer's value replaces it (a re-sign finds its previous X-Amz-Date).
CanonicalHeaders canonical_headers(const Headers& headers, std::span<const SignerHeader> extra);

// The same result as canonical_headers without heap work besides the output: names are lowered
// into a stack buffer and a fixed array of fields is insertion-sorted (no work when the request
// is already in order). Appends the header lines to `lines` and the names to `signed_headers`
// and returns true; returns false, leaving both strings as they were, for requests beyond its
// bounds (more than 32 headers, or more than 1 KiB of header names), which the generic function
// handles.
bool canonical_headers_fast(const Headers& headers, std::span<const SignerHeader> extra,
                            std::string& lines, std::string& signed_headers);

// Only the headers named in `signed_names` (lower case, in that order), as a verifier rebuilds
// them from what it received. A name absent from `headers` yields "name:".
CanonicalHeaders canonical_headers_for(const Headers& headers,
                                       std::span<const std::string_view> signed_names);

std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, const CanonicalHeaders& headers,
                              std::string_view payload_hash);

// "YYYYMMDD/region/service/aws4_request".
std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service);

std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request);

// The same appended to `out`, with the scope given by its parts (no intermediate strings).
// Returns where the scope sits in `out` (offset, length).
std::pair<std::size_t, std::size_t> append_string_to_sign(
    std::string& out, std::string_view amz_date, std::string_view date, std::string_view region,
    std::string_view service, std::string_view canonical_request);

// Lowercase hex HMAC of the string to sign with the derived signing key.
std::string signature_hex(const Sha256Digest& signing_key, std::string_view string_to_sign);

}  // namespace smp::aws
