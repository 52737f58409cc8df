#include "gateway/metrics.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace smp::gateway {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l == line) return true;
  return false;
}

TEST(Metrics, PrometheusTextCountersHistogramsAndGauge) {
  Metrics m;
  m.request("/v1/chat/completions", "qwen", 200, 0.0007);
  m.request("/v1/chat/completions", "qwen", 200, 0.2);
  m.request("/v1/chat/completions", "q\"x", 404, 0.0001);
  m.error("not_found");
  m.upstream("/v1/chat/completions", "qwen", 0.19);
  m.tokens("qwen", 10, 3);
  m.stream_started();
  const auto text = m.render();
  EXPECT_TRUE(has_line(
      text, R"(gateway_requests_total{route="/v1/chat/completions",model="qwen",status="200"} 2)"))
      << text;
  EXPECT_TRUE(has_line(
      text, R"(gateway_requests_total{route="/v1/chat/completions",model="q\"x",status="404"} 1)"));
  EXPECT_TRUE(has_line(text, R"(gateway_errors_total{kind="not_found"} 1)"));
  // Cumulative buckets: 0.0001 and 0.0007 are ≤ 0.001, 0.2 only from 0.25 on.
  EXPECT_TRUE(has_line(
      text,
      R"(gateway_request_duration_seconds_bucket{route="/v1/chat/completions",le="0.001"} 2)"));
  EXPECT_TRUE(has_line(
      text, R"(gateway_request_duration_seconds_bucket{route="/v1/chat/completions",le="0.1"} 2)"));
  EXPECT_TRUE(has_line(
      text,
      R"(gateway_request_duration_seconds_bucket{route="/v1/chat/completions",le="0.25"} 3)"));
  EXPECT_TRUE(has_line(
      text,
      R"(gateway_request_duration_seconds_bucket{route="/v1/chat/completions",le="+Inf"} 3)"));
  EXPECT_TRUE(
      has_line(text, R"(gateway_request_duration_seconds_count{route="/v1/chat/completions"} 3)"));
  EXPECT_TRUE(has_line(
      text,
      R"(gateway_upstream_duration_seconds_count{route="/v1/chat/completions",model="qwen"} 1)"));
  EXPECT_TRUE(has_line(text, R"(gateway_tokens_total{model="qwen",direction="prompt"} 10)"));
  EXPECT_TRUE(has_line(text, R"(gateway_tokens_total{model="qwen",direction="completion"} 3)"));
  EXPECT_TRUE(has_line(text, "gateway_streams_in_flight 1"));
  m.stream_ended();
  EXPECT_TRUE(has_line(m.render(), "gateway_streams_in_flight 0"));
  EXPECT_TRUE(has_line(text, "# TYPE gateway_request_duration_seconds histogram"));
}

}  // namespace
}  // namespace smp::gateway
