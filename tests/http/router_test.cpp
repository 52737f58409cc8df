#include "http/router.hpp"

#include <gtest/gtest.h>

namespace smp::http {
namespace {

Task<void> nothing(ServerRequest&, ResponseWriter&) {
  co_return;
}

class RouterMatch : public ::testing::Test {
 protected:
  void SetUp() override {
    router.post("/endpoints/{name}/invocations", nothing);
    router.post("/endpoints/{name}/invocations-response-stream", nothing);
    router.get("/endpoints/{name}", nothing);
    router.put("/{bucket}/{key+}", nothing);
    router.add("*", "/health", nothing);
  }
  Router router;
};

TEST_F(RouterMatch, ParametersAreExtractedAndDecoded) {
  auto m = router.match("POST", "/endpoints/my%2Dmodel/invocations");
  ASSERT_NE(m.handler, nullptr);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "name");
  EXPECT_EQ(m.params[0].second, "my-model");
}

TEST_F(RouterMatch, LiteralSegmentsMustMatchExactly) {
  EXPECT_NE(router.match("POST", "/endpoints/x/invocations-response-stream").handler, nullptr);
  EXPECT_EQ(router.match("POST", "/endpoints/x/invocation").handler, nullptr);
  EXPECT_EQ(router.match("POST", "/endpoints/x/invocations/").handler, nullptr);
  EXPECT_EQ(router.match("POST", "/endpoints//invocations").handler, nullptr);  // empty param
}

TEST_F(RouterMatch, RestParameterTakesTheRemainingPath) {
  auto m = router.match("PUT", "/bucket/a/b%20c/d.txt");
  ASSERT_NE(m.handler, nullptr);
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params[0].second, "bucket");
  EXPECT_EQ(m.params[1].first, "key");
  EXPECT_EQ(m.params[1].second, "a/b c/d.txt");
  EXPECT_EQ(router.match("PUT", "/bucket").handler, nullptr);
  EXPECT_EQ(router.match("PUT", "/bucket/").handler, nullptr);
}

TEST_F(RouterMatch, OtherMethodsOnAKnownPathReportAllow) {
  auto m = router.match("DELETE", "/endpoints/x");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.allow, "GET, PUT");  // "/{bucket}/{key+}" matches too
  auto none = router.match("GET", "/unknown");
  EXPECT_EQ(none.handler, nullptr);
  EXPECT_TRUE(none.allow.empty());
}

TEST_F(RouterMatch, StarMethodMatchesAnyMethod) {
  EXPECT_NE(router.match("OPTIONS", "/health").handler, nullptr);
  EXPECT_NE(router.match("GET", "/health").handler, nullptr);
}

TEST_F(RouterMatch, MalformedEscapesDoNotMatch) {
  EXPECT_EQ(router.match("GET", "/endpoints/bad%zz").handler, nullptr);
}

TEST(Router, FirstRouteAddedWins) {
  Router router;
  int which = 0;
  router.get("/a/{x}", [&which](ServerRequest&, ResponseWriter&) -> Task<void> {
    which = 1;
    co_return;
  });
  router.get("/a/literal", nothing);
  auto m = router.match("GET", "/a/literal");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.params.size(), 1u);
}

TEST(Router, BadPatternsAreRejectedWhenAdded) {
  Router router;
  EXPECT_THROW(router.get("relative", nothing), std::invalid_argument);
  EXPECT_THROW(router.get("/{rest+}/more", nothing), std::invalid_argument);
  EXPECT_THROW(router.get("/{}", nothing), std::invalid_argument);
}

TEST(ServerRequest, QueryParametersAreDecoded) {
  ServerRequest request;
  request.query = "list-type=2&prefix=a%2Fb&flag&X-Amz-Credential=AKID%2F2024";
  EXPECT_EQ(request.query_param("prefix"), "a/b");
  EXPECT_EQ(request.query_param("flag"), "");
  EXPECT_EQ(request.query_param("X-Amz-Credential"), "AKID/2024");
  EXPECT_FALSE(request.query_param("missing"));
}

}  // namespace
}  // namespace smp::http
