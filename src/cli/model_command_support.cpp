#include "cli/model_command_support.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "http/blocking_transport.hpp"

namespace smp::cli {
namespace {

sagemaker::ConnectionContext context_for(const AwsFlags& flags) {
  sagemaker::ConnectionContext context;
  context.blocking_transport = http::make_blocking_transport();
  context.trace = verbose_trace(flags);
  return context;
}

// A number in its shortest round-trip form. JSON has no NaN or infinity (containers never send
// one): those are written as 0.
template <class Number>
void append_number(std::string& out, Number value) {
  char number[32];
  if (!std::isfinite(value)) value = 0;
  auto [end, ec] = std::to_chars(number, number + sizeof number, value);
  out.append(number, ec == std::errc() ? end : number);
}

boost::json::array warnings_json(const std::vector<std::string>& warnings) {
  boost::json::array out;
  for (const auto& w : warnings)
    out.push_back(boost::json::string(w));
  return out;
}

}  // namespace

provider::Settings model_settings(const AwsFlags& f, const std::string& endpoint) {
  provider::Settings s;
  s["sagemaker_endpoint"] = endpoint;
  s["aws_region"] = f.region;
  s["aws_profile"] = f.profile;
  s["aws_access_key_id"] = f.access_key_id;
  s["aws_secret_access_key"] = f.secret_access_key;
  s["aws_session_token"] = f.session_token;
  s["assume_role_arn"] = f.assume_role_arn;
  s["external_id"] = f.external_id;
  s["role_session_name"] = f.role_session_name;
  if (f.duration_seconds > 0) s["role_duration_seconds"] = std::to_string(f.duration_seconds);
  s["endpoint_url"] = f.endpoint_url;
  if (f.timeout_seconds > 0)
    s["request_timeout"] = std::to_string(static_cast<long long>(std::ceil(f.timeout_seconds)));
  return s;
}

ModelRuntime::ModelRuntime(const AwsFlags& flags)
    : http(io.get_executor()), provider(http, context_for(flags)) {}

boost::json::value usage_json(const models::Usage& u) {
  return boost::json::object{{"prompt_tokens", u.prompt_tokens},
                             {"completion_tokens", u.completion_tokens},
                             {"total_tokens", u.total_tokens},
                             {"estimated", u.estimated}};
}

boost::json::value chat_result_json(const models::ChatResult& r) {
  boost::json::array calls;
  for (const auto& c : r.tool_calls)
    calls.push_back(
        boost::json::object{{"id", c.id}, {"name", c.name}, {"arguments", c.arguments}});
  boost::json::object out{{"content", r.content}, {"finish_reason", r.finish_reason}};
  if (!r.reasoning.empty()) out["reasoning"] = r.reasoning;
  out["tool_calls"] = std::move(calls);
  out["usage"] = usage_json(r.usage);
  return out;
}

boost::json::value chat_chunk_json(const models::ChatChunk& c) {
  boost::json::object out;
  if (!c.content.empty()) out["content"] = c.content;
  if (!c.reasoning.empty()) out["reasoning"] = c.reasoning;
  if (!c.tool_calls.empty()) {
    boost::json::array deltas;
    for (const auto& d : c.tool_calls) {
      boost::json::object delta{{"index", d.index}};
      if (!d.id.empty()) delta["id"] = d.id;
      if (!d.name.empty()) delta["name"] = d.name;
      delta["arguments"] = d.arguments;
      deltas.push_back(std::move(delta));
    }
    out["tool_calls"] = std::move(deltas);
  }
  if (!c.finish_reason.empty()) out["finish_reason"] = c.finish_reason;
  if (c.usage) out["usage"] = usage_json(*c.usage);
  return out;
}

void print_embedding_result(const models::EmbeddingResult& r) {
  std::string out = "{\"embeddings\":[";
  for (std::size_t i = 0; i < r.vectors.size(); ++i) {
    out += i ? ",[" : "[";
    for (std::size_t j = 0; j < r.vectors[i].size(); ++j) {
      if (j) out += ',';
      append_number(out, r.vectors[i][j]);
    }
    out += ']';
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  boost::json::object tail{{"dimensions", r.vectors.empty() ? 0 : r.vectors[0].size()},
                           {"usage", usage_json(r.usage)}};
  if (!r.warnings.empty()) tail["warnings"] = warnings_json(r.warnings);
  std::string rest = boost::json::serialize(tail);  // {"dimensions":…}
  out += "],";
  out.append(rest, 1);
  out += '\n';
  write_out(out);
}

void print_rerank_result(const models::RerankResult& r) {
  std::string out = "{\"results\":[";
  for (std::size_t i = 0; i < r.results.size(); ++i) {
    const auto& hit = r.results[i];
    out += i ? "," : "";
    out += "{\"index\":" + std::to_string(hit.index) + ",\"score\":";
    append_number(out, hit.score);
    out += ",\"document\":" + boost::json::serialize(boost::json::string(hit.document)) + "}";
  }
  out += "]";
  if (!r.warnings.empty())
    out += ",\"warnings\":" + boost::json::serialize(warnings_json(r.warnings));
  out += "}\n";
  write_out(out);
}

void write_out(std::string_view bytes) {
  std::fwrite(bytes.data(), 1, bytes.size(), stdout);
  std::fflush(stdout);
}

void print_json(const boost::json::value& value) {
  write_out(boost::json::serialize(value) + "\n");
}

}  // namespace smp::cli
