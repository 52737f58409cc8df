#include "gateway/api_keys.hpp"

#include <gtest/gtest.h>

#include "gateway/openai_error.hpp"

namespace smp::gateway {
namespace {

Headers with(std::string name, std::string value) {
  Headers h;
  h.add(std::move(name), std::move(value));
  return h;
}

ApiKeys two_keys() {
  return ApiKeys({{"sk-all-models-1", "ops", {"*"}}, {"sk-only-embed-2", "team", {"embed"}}});
}

TEST(ApiKeys, BearerAndXApiKey) {
  const auto keys = two_keys();
  auto a = keys.authenticate(with("Authorization", "Bearer sk-all-models-1"));
  ASSERT_TRUE(a);
  EXPECT_EQ((*a)->name, "ops");
  auto b = keys.authenticate(with("x-api-key", "sk-only-embed-2"));
  ASSERT_TRUE(b);
  EXPECT_EQ((*b)->name, "team");
  EXPECT_TRUE(keys.authenticate(with("authorization", "bearer   sk-all-models-1 ")));
}

TEST(ApiKeys, WrongOrMissingKeyIs401WithoutEchoingIt) {
  const auto keys = two_keys();
  for (const auto& headers : {with("Authorization", "Bearer sk-all-models-X"), Headers{},
                              with("Authorization", "Basic c2stYWxs"),
                              with("Authorization", "Bearer sk-all-models-1-longer")}) {
    auto r = keys.authenticate(headers);
    ASSERT_FALSE(r);
    const auto api = api_error(r.error());
    EXPECT_EQ(api.status, 401);
    EXPECT_EQ(api.code, "invalid_api_key");
    EXPECT_EQ(r.error().message.find("sk-all"), std::string::npos);
  }
}

TEST(ApiKeys, AllowListsAndTheir403) {
  const auto keys = two_keys();
  auto team = keys.authenticate(with("x-api-key", "sk-only-embed-2"));
  ASSERT_TRUE(team);
  EXPECT_TRUE(ApiKeys::allows(*team, "embed"));
  EXPECT_FALSE(ApiKeys::allows(*team, "chat"));
  auto ops = keys.authenticate(with("x-api-key", "sk-all-models-1"));
  EXPECT_TRUE(ApiKeys::allows(*ops, "chat"));
  const auto error = ApiKeys::not_allowed(**team, "chat");
  const auto api = api_error(error);
  EXPECT_EQ(api.status, 403);
  EXPECT_EQ(api.type, "permission_error");
  EXPECT_NE(api.message.find("Allowed models: embed"), std::string::npos);
}

TEST(ApiKeys, NoKeysMeansOpenEvenWithADummyKey) {
  ApiKeys open({});
  EXPECT_TRUE(open.open());
  auto r = open.authenticate(with("Authorization", "Bearer sk-whatever"));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, nullptr);
  EXPECT_TRUE(ApiKeys::allows(nullptr, "anything"));
}

}  // namespace
}  // namespace smp::gateway
