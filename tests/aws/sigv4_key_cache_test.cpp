// The signing-key cache: correct keys, no sharing between different secrets behind one key id,
// bounded size with least-recently-used eviction, and safe concurrent use.
#include <gtest/gtest.h>

#include <thread>

#include "aws/signing_key_cache.hpp"

namespace smp::aws {
namespace {

TEST(SigV4KeyCache, DerivesTheDocumentedKey) {
  // The AWS General Reference example for deriving a SigV4 signing key.
  EXPECT_EQ(to_hex(derive_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                                      "us-east-1", "iam")),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigV4KeyCache, HitsAfterTheFirstDerivation) {
  SigningKeyCache cache;
  const Sha256Digest expected = derive_signing_key("secret", "20240115", "us-east-1", "sagemaker");
  EXPECT_EQ(cache.get("AKID", "secret", "20240115", "us-east-1", "sagemaker"), expected);
  EXPECT_EQ(cache.get("AKID", "secret", "20240115", "us-east-1", "sagemaker"), expected);
  EXPECT_EQ(cache.misses(), 1u);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.size(), 1u);
  // Every part of the scope is part of the key.
  EXPECT_EQ(cache.get("AKID", "secret", "20240116", "us-east-1", "sagemaker"),
            derive_signing_key("secret", "20240116", "us-east-1", "sagemaker"));
  EXPECT_EQ(cache.get("AKID", "secret", "20240115", "us-west-2", "sagemaker"),
            derive_signing_key("secret", "20240115", "us-west-2", "sagemaker"));
  EXPECT_EQ(cache.get("AKID", "secret", "20240115", "us-east-1", "sts"),
            derive_signing_key("secret", "20240115", "us-east-1", "sts"));
  EXPECT_EQ(cache.size(), 4u);
}

TEST(SigV4KeyCache, DifferentSecretsWithTheSameKeyIdNeverCollide) {
  SigningKeyCache cache;
  const Sha256Digest first = derive_signing_key("secret-one", "20240115", "us-east-1", "s3");
  const Sha256Digest second = derive_signing_key("secret-two", "20240115", "us-east-1", "s3");
  ASSERT_NE(first, second);
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(cache.get("AKID", "secret-one", "20240115", "us-east-1", "s3"), first);
    EXPECT_EQ(cache.get("AKID", "secret-two", "20240115", "us-east-1", "s3"), second);
  }
  EXPECT_EQ(cache.size(), 2u);
  // A rotated secret (same id) must not get the old key either.
  EXPECT_EQ(cache.get("AKID", "secret-one-rotated", "20240115", "us-east-1", "s3"),
            derive_signing_key("secret-one-rotated", "20240115", "us-east-1", "s3"));
}

TEST(SigV4KeyCache, StaysWithinCapacityAndEvictsTheLeastRecentlyUsed) {
  SigningKeyCache cache(4);
  cache.get("AKID", "s", "20240101", "r", "keep");
  for (int day = 2; day <= 9; ++day) {
    cache.get("AKID", "s", "2024010" + std::to_string(day), "r", "svc");
    cache.get("AKID", "s", "20240101", "r", "keep");  // used all along: must survive
    EXPECT_LE(cache.size(), 4u);
  }
  const auto misses = cache.misses();
  cache.get("AKID", "s", "20240101", "r", "keep");
  EXPECT_EQ(cache.misses(), misses);
  cache.get("AKID", "s", "20240102", "r", "svc");  // long evicted
  EXPECT_EQ(cache.misses(), misses + 1);
}

TEST(SigV4KeyCache, ConcurrentUseIsSafeAndCorrect) {
  SigningKeyCache cache(8);  // smaller than the working set: lookups, inserts and evictions race
  constexpr int kScopes = 20;
  std::vector<Sha256Digest> expected;
  for (int i = 0; i < kScopes; ++i) {
    expected.push_back(derive_signing_key("secret" + std::to_string(i % 3), "20240115",
                                          "region-" + std::to_string(i), "sagemaker"));
  }
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < 2000; ++n) {
        const int i = (n * 7 + t) % kScopes;
        const Sha256Digest got = cache.get("AKID", "secret" + std::to_string(i % 3), "20240115",
                                           "region-" + std::to_string(i), "sagemaker");
        if (got != expected[static_cast<std::size_t>(i)]) ++wrong;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(cache.size(), 8u);
  EXPECT_EQ(cache.hits() + cache.misses(), 8u * 2000u);
}

}  // namespace
}  // namespace smp::aws
