#include "gateway/metrics.hpp"

#include <fmt/format.h>

namespace smp::gateway {
namespace {

std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string number(double value) {
  return fmt::format("{}", value);
}

void histogram(std::string& out, std::string_view name, const std::string& labels, const auto& h) {
  std::uint64_t cumulative = 0;
  const std::string prefix = labels.empty() ? "" : labels + ",";
  for (std::size_t i = 0; i < Metrics::kBuckets.size(); ++i) {
    cumulative += h.counts[i];
    out += std::string(name) + "_bucket{" + prefix + "le=\"" + number(Metrics::kBuckets[i]) +
           "\"} " + std::to_string(cumulative) + "\n";
  }
  out += std::string(name) + "_bucket{" + prefix + "le=\"+Inf\"} " + std::to_string(h.count) + "\n";
  const std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += std::string(name) + "_sum" + braces + " " + number(h.sum) + "\n";
  out += std::string(name) + "_count" + braces + " " + std::to_string(h.count) + "\n";
}

}  // namespace

void Metrics::Histogram::observe(double seconds) {
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++counts[i];
      break;
    }
  }
  ++count;
  sum += seconds;
}

void Metrics::request(std::string_view route, std::string_view model, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(model), status}];
  latency_[std::string(route)].observe(seconds);
}

void Metrics::error(std::string_view kind) {
  std::lock_guard lock(mutex_);
  ++errors_[std::string(kind)];
}

void Metrics::upstream(std::string_view route, std::string_view model, double seconds) {
  std::lock_guard lock(mutex_);
  upstream_[{std::string(route), std::string(model)}].observe(seconds);
}

void Metrics::tokens(std::string_view model, std::int64_t prompt, std::int64_t completion) {
  std::lock_guard lock(mutex_);
  if (prompt > 0) tokens_[{std::string(model), "prompt"}] += static_cast<std::uint64_t>(prompt);
  if (completion > 0)
    tokens_[{std::string(model), "completion"}] += static_cast<std::uint64_t>(completion);
}

std::string Metrics::render() const {
  std::string out;
  std::lock_guard lock(mutex_);
  out += "# HELP gateway_requests_total Requests answered, by route, model and HTTP status.\n";
  out += "# TYPE gateway_requests_total counter\n";
  for (const auto& [key, value] : requests_) {
    const auto& [route, model, status] = key;
    out += "gateway_requests_total{route=\"" + label(route) + "\",model=\"" + label(model) +
           "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(value) + "\n";
  }
  out += "# HELP gateway_errors_total Failed requests, by error kind.\n";
  out += "# TYPE gateway_errors_total counter\n";
  for (const auto& [kind, value] : errors_)
    out += "gateway_errors_total{kind=\"" + label(kind) + "\"} " + std::to_string(value) + "\n";
  out += "# HELP gateway_request_duration_seconds Time from request to the end of the answer.\n";
  out += "# TYPE gateway_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_)
    histogram(out, "gateway_request_duration_seconds", "route=\"" + label(route) + "\"", h);
  out += "# HELP gateway_upstream_duration_seconds Time spent waiting for SageMaker.\n";
  out += "# TYPE gateway_upstream_duration_seconds histogram\n";
  for (const auto& [key, h] : upstream_) {
    const auto& [route, model] = key;
    histogram(out, "gateway_upstream_duration_seconds",
              "route=\"" + label(route) + "\",model=\"" + label(model) + "\"", h);
  }
  out += "# HELP gateway_tokens_total Tokens, by model and direction (prompt, completion).\n";
  out += "# TYPE gateway_tokens_total counter\n";
  for (const auto& [key, value] : tokens_) {
    const auto& [model, direction] = key;
    out += "gateway_tokens_total{model=\"" + label(model) + "\",direction=\"" + direction + "\"} " +
           std::to_string(value) + "\n";
  }
  out += "# HELP gateway_streams_in_flight Streaming responses currently open.\n";
  out += "# TYPE gateway_streams_in_flight gauge\n";
  out += "gateway_streams_in_flight " + std::to_string(streams_in_flight()) + "\n";
  return out;
}

}  // namespace smp::gateway
