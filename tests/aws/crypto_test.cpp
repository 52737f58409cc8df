// SHA-256 and HMAC-SHA256 against published vectors (FIPS 180-2 examples, RFC 4231) and against
// OpenSSL's own HMAC as an independent implementation on random inputs.
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

TEST(Crypto, PreKeyedHmacEqualsHmacForEveryKeyAndManyMessages) {
  // The pre-keyed form must agree with the plain one at every key length (around the 64-byte
  // block, where keys are hashed first) and stay reusable: one key, many messages.
  std::mt19937 rng(3);
  for (std::size_t key_size = 0; key_size <= 140; key_size += 7) {
    std::string key(key_size, '\0');
    for (char& c : key)
      c = static_cast<char>(rng());
    const HmacSha256Key keyed(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(key.data()), key.size()));
    const HmacSha256Key copy = keyed;
    for (int m = 0; m < 5; ++m) {
      std::string data(rng() % 300, '\0');
      for (char& c : data)
        c = static_cast<char>(rng());
      ASSERT_EQ(keyed.mac(data), hmac_sha256(key, data)) << "key size " << key_size;
      ASSERT_EQ(copy.mac(data), hmac_sha256(key, data));
    }
  }
  EXPECT_EQ(to_hex(HmacSha256Key(std::span<const std::uint8_t>(
                                     reinterpret_cast<const std::uint8_t*>("Jefe"), 4))
                       .mac("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, CopyingASha256ForksTheHash) {
  Sha256 prefix;
  prefix.update("common prefix, ");
  Sha256 fork = prefix;
  EXPECT_EQ(prefix.update("one").finish(), sha256("common prefix, one"));
  EXPECT_EQ(fork.update("two").finish(), sha256("common prefix, two"));
}

TEST(Crypto, Hex) {
  const std::uint8_t data[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(to_hex(data), "000fa0ff");
  std::string out = "x=";
  append_hex(out, data);
  EXPECT_EQ(out, "x=000fa0ff");
  EXPECT_EQ(to_hex(std::span<const std::uint8_t>()), "");
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
