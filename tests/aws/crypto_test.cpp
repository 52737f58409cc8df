// SHA-256 and HMAC-SHA256 against published vectors (FIPS 180-2 examples, RFC 4231) and against
// OpenSSL's own HMAC/base64 as independent implementations on random inputs.
#include "aws/crypto.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <random>

namespace smp::aws {
namespace {

std::string bytes(std::size_t n, unsigned char value) {
  return std::string(n, static_cast<char>(value));
}

TEST(Crypto, Sha256KnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Crypto, Sha256InPiecesEqualsOneShot) {
  std::mt19937 rng(1);
  for (int i = 0; i < 50; ++i) {
    std::string data(rng() % 300, '\0');
    for (char& c : data)
      c = static_cast<char>(rng());
    Sha256 hasher;
    std::size_t pos = 0;
    while (pos < data.size()) {
      const std::size_t n = std::min<std::size_t>(rng() % 70, data.size() - pos);
      hasher.update(std::string_view(data).substr(pos, n));
      pos += n;
    }
    const Sha256Digest expected = sha256(data);
    EXPECT_EQ(hasher.finish(), expected);
    // finish() resets: the same hasher hashes the next message from scratch.
    hasher.update(data);
    EXPECT_EQ(hasher.finish(), expected);
    const std::size_t cut = data.size() / 3;
    EXPECT_EQ(sha256({std::string_view(data).substr(0, cut), std::string_view(data).substr(cut)}),
              expected);
  }
}

TEST(Crypto, HmacSha256Rfc4231) {
  EXPECT_EQ(to_hex(hmac_sha256(bytes(20, 0x0b), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(to_hex(hmac_sha256(std::string_view("Jefe"), "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(to_hex(hmac_sha256(bytes(20, 0xaa), bytes(50, 0xdd))),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  EXPECT_EQ(to_hex(hmac_sha256(bytes(131, 0xaa),
                               "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(to_hex(hmac_sha256(
                bytes(131, 0xaa),
                "This is a test using a larger than block-size key and a larger than block-size "
                "data. The key needs to be hashed before being used by the HMAC algorithm.")),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(Crypto, HmacSha256MatchesOpenSslForEveryKeyLength) {
  std::mt19937 rng(2);
  for (std::size_t key_size = 0; key_size <= 150; ++key_size) {
    std::string key(key_size, '\0');
    for (char& c : key)
      c = static_cast<char>(rng());
    std::string data(rng() % 200, '\0');
    for (char& c : data)
      c = static_cast<char>(rng());
    unsigned char expected[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), expected, &size);
    ASSERT_EQ(size, kSha256Size);
    const Sha256Digest got = hmac_sha256(key, data);
    EXPECT_TRUE(std::equal(got.begin(), got.end(), expected)) << "key size " << key_size;
  }
}

TEST(Crypto, Hex) {
  const std::uint8_t data[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(to_hex(data), "000fa0ff");
  std::string out = "x=";
  append_hex(out, data);
  EXPECT_EQ(out, "x=000fa0ff");
  EXPECT_EQ(to_hex(std::span<const std::uint8_t>()), "");
}

TEST(Crypto, Base64Rfc4648) {
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

TEST(Crypto, Base64MatchesOpenSslAndRoundTrips) {
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

TEST(Crypto, Base64RejectsWhatIsNotStrictBase64) {
  for (const char* bad : {"Zg=", "Zg=a", "Z===", "Zh==", "Zm9=", "Zm9v\n", "Zm-v", "Zm_v",
                          "====", "Zg==Zg==", "Z", "Zm9vY"}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
}

TEST(Crypto, ConstantTimeEquals) {
  EXPECT_TRUE(constant_time_equals("", ""));
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "ab"));
  EXPECT_FALSE(constant_time_equals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace smp::aws
