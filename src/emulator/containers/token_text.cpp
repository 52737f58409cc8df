#include "emulator/containers/token_text.hpp"

#include <boost/json.hpp>

#include "emulator/containers/deterministic.hpp"

namespace smp::emulator {

namespace json = boost::json;

std::expected<InputsRequest, std::string> parse_inputs_request(const json::object& body,
                                                               long long default_max_new_tokens) {
  InputsRequest request;
  const json::value* inputs = body.if_contains("inputs");
  if (!inputs) return std::unexpected("missing field `inputs`");
  if (!inputs->is_string()) return std::unexpected("invalid type: `inputs` must be a string");
  request.inputs = std::string(inputs->as_string());
  request.generation.raw_prompt = true;
  request.generation.turns.push_back(ChatTurn{"user", request.inputs, 0, {}, {}});
  request.generation.max_tokens = default_max_new_tokens;
  if (const json::value* stream = body.if_contains("stream"); stream && stream->is_bool()) {
    request.stream = stream->as_bool();
  }
  const json::value* parameters = body.if_contains("parameters");
  if (!parameters || parameters->is_null()) return request;
  if (!parameters->is_object()) return std::unexpected("invalid type: `parameters` must be a map");
  const json::object& params = parameters->as_object();
  if (const json::value* max = params.if_contains("max_new_tokens"); max && !max->is_null()) {
    if (!max->is_int64() && !max->is_uint64()) {
      return std::unexpected("invalid type: `max_new_tokens` must be an integer");
    }
    const long long value =
        max->is_int64() ? max->as_int64() : static_cast<long long>(max->as_uint64());
    if (value <= 0) return std::unexpected("`max_new_tokens` must be strictly positive");
    request.generation.max_tokens = value;
  }
  for (const char* name : {"stop", "stop_sequences"}) {
    if (const json::value* stop = params.if_contains(name); stop && stop->is_array()) {
      for (const auto& item : stop->as_array()) {
        if (item.is_string()) request.generation.stop.emplace_back(item.as_string());
      }
    }
  }
  if (const json::value* details = params.if_contains("details"); details && details->is_bool()) {
    request.details = details->as_bool();
  }
  if (const json::value* full = params.if_contains("return_full_text"); full && full->is_bool()) {
    request.return_full_text = full->as_bool();
  }
  return request;
}

double token_logprob(std::string_view token) {
  return -0.001 - static_cast<double>(fnv1a64(token, 0x6c6f6770726f62ULL) % 2100) / 1000.0;
}

}  // namespace smp::emulator
