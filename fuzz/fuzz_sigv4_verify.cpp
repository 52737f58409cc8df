// The emulator's SigV4 verifier reads attacker-controlled bytes: the Authorization header, the
// query string (presigned URLs), X-Amz-Date / Date and X-Amz-Content-SHA256. Input layout, one
// field per line: Authorization value, request target (path?query), X-Amz-Date value, Date value,
// X-Amz-Content-SHA256 value, then the body. Missing lines mean absent headers.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "aws/signing_key_cache.hpp"
#include "aws/sigv4_time.hpp"
#include "aws/sigv4_verify.hpp"

namespace {

std::string_view next_line(std::string_view& rest, bool& present) {
  present = !rest.empty();
  const std::size_t end = rest.find('\n');
  const std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smp;
  using namespace smp::aws;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  bool present = false;

  HttpRequest request;
  request.method = "POST";
  const std::string_view authorization = next_line(rest, present);
  if (present) request.headers.add("Authorization", std::string(authorization));
  const std::string_view target = next_line(rest, present);
  request.url = present ? std::string(target) : "/";
  request.headers.add("Host", "localhost:4566");
  const std::string_view amz_date = next_line(rest, present);
  if (present) request.headers.add("X-Amz-Date", std::string(amz_date));
  const std::string_view date = next_line(rest, present);
  if (present) request.headers.add("Date", std::string(date));
  const std::string_view content_sha = next_line(rest, present);
  if (present) request.headers.add("X-Amz-Content-SHA256", std::string(content_sha));
  request.body = std::string(rest);

  const auto parsed = parse_sigv4_auth(request);
  if (!parsed) {
    // A malformed verdict always explains itself.
    if (parsed.error().status != SigV4Status::malformed || parsed.error().message.empty()) {
      std::abort();
    }
    return 0;
  }
  if (!parsed->has_value()) return 0;
  const ReceivedSigV4& auth = **parsed;

  static SigningKeyCache cache(8);
  VerifyOptions options;
  options.key_cache = &cache;
  // At the request's own time the verifier gets past the clock checks to the recomputation;
  // at a fixed time it exercises the skew and expiry messages.
  for (const SystemTime now : {auth.time, *parse_amz_date("20240115T120000Z")}) {
    options.now = now;
    const SigV4Verdict first = verify_sigv4(request, auth, "secret", options);
    const SigV4Verdict second = verify_sigv4(request, auth, "secret", options);
    if (first.status != second.status || first.message != second.message) std::abort();
    if (!first.ok() && first.message.empty()) std::abort();
  }
  return 0;
}
