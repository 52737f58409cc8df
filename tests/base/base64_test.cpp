// Base64 against RFC 4648's vectors and OpenSSL's encoder as an independent implementation.
#include "base/base64.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <random>

namespace smp {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), plain);
  }
}

TEST(Base64, MatchesOpenSslAndRoundTrips) {
  std::mt19937 rng(3);
  for (int i = 0; i < 300; ++i) {
    std::string data(rng() % 100, '\0');
    for (char& c : data)
      c = static_cast<char>(rng());
    std::string expected(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(expected.data()),
                                  reinterpret_cast<const unsigned char*>(data.data()),
                                  static_cast<int>(data.size()));
    expected.resize(static_cast<std::size_t>(n));
    const std::string encoded = base64_encode(data);
    EXPECT_EQ(encoded, expected);
    EXPECT_EQ(base64_decode(encoded), data);
  }
}

TEST(Base64, RejectsWhatIsNotStrictBase64) {
  for (const char* bad : {"Zg=", "Zg=a", "Z===", "Zh==", "Zm9=", "Zm9v\n", "Zm-v", "Zm_v",
                          "====", "Zg==Zg==", "Z", "Zm9vY"}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace smp
