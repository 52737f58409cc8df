#pragma once
// Self-signed certificates made in the test with OpenSSL, so TLS tests need no files.
#include <string>

namespace smp::http::testing {

struct TestCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
};

// A self-signed P-256 certificate valid for one day; `subject_alt_names` in OpenSSL's syntax,
// e.g. "DNS:localhost,IP:127.0.0.1".
TestCertificate make_self_signed_certificate(const std::string& subject_alt_names);

}  // namespace smp::http::testing
