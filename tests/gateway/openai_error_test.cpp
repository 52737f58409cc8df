#include "gateway/openai_error.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace smp::gateway {
namespace {

int status_of(ErrorKind kind, std::string code = "X") {
  return api_error(Error::make(kind, std::move(code), "m")).status;
}

TEST(OpenAiError, OneMappingFromErrorKinds) {
  EXPECT_EQ(status_of(ErrorKind::invalid_argument), 400);
  EXPECT_EQ(status_of(ErrorKind::auth, std::string(kInvalidApiKey)), 401);
  EXPECT_EQ(status_of(ErrorKind::auth, std::string(kModelNotAllowed)), 403);
  EXPECT_EQ(status_of(ErrorKind::auth, "AccessDeniedException"), 403);
  EXPECT_EQ(status_of(ErrorKind::not_found), 404);
  EXPECT_EQ(status_of(ErrorKind::rejected), 400);
  EXPECT_EQ(status_of(ErrorKind::throttled), 429);
  EXPECT_EQ(status_of(ErrorKind::unavailable), 503);
  EXPECT_EQ(status_of(ErrorKind::model), 502);
  EXPECT_EQ(status_of(ErrorKind::connection), 502);
  EXPECT_EQ(status_of(ErrorKind::protocol), 502);
  EXPECT_EQ(status_of(ErrorKind::timeout), 504);
  EXPECT_EQ(status_of(ErrorKind::internal), 500);
  EXPECT_EQ(status_of(ErrorKind::internal, std::string(kNotImplemented)), 501);
  EXPECT_EQ(api_error(Error::make(ErrorKind::throttled, "T", "m")).type, "rate_limit_error");
}

TEST(OpenAiError, RejectedPayloadTooLargeIs413AndContainer4xxIs400) {
  auto large = Error::make(ErrorKind::rejected, "413", "too large");
  large.http_status = 413;
  EXPECT_EQ(api_error(large).status, 413);
  auto model = Error::make(ErrorKind::model, "ModelError", "context too long");
  model.with_detail("OriginalStatusCode", "400");
  EXPECT_EQ(api_error(model).status, 400);
  auto crashed = Error::make(ErrorKind::model, "ModelError", "boom");
  crashed.with_detail("OriginalStatusCode", "500");
  EXPECT_EQ(api_error(crashed).status, 502);
}

TEST(OpenAiError, EnvelopeShape) {
  const auto body = render_error_body(api_error(request_error("bad", "messages[0]", "c")));
  const auto v = boost::json::parse(body);
  const auto& e = v.at("error");
  EXPECT_EQ(e.at("message"), "bad");
  EXPECT_EQ(e.at("type"), "invalid_request_error");
  EXPECT_EQ(e.at("param"), "messages[0]");
  EXPECT_EQ(e.at("code"), "c");
  const auto nulls =
      boost::json::parse(render_error_body(api_error(Error::make(ErrorKind::internal, "", ""))));
  EXPECT_TRUE(nulls.at("error").at("param").is_null());
  EXPECT_TRUE(nulls.at("error").at("code").is_null());
  EXPECT_EQ(nulls.at("error").at("message"), "internal");
}

}  // namespace
}  // namespace smp::gateway
