#pragma once
// The `inputs`/`parameters` generation schema shared by TGI and LMI: reading the parameters and
// giving each generated token the id and log-probability both servers report.
#include <boost/json/object.hpp>
#include <expected>
#include <string>

#include "emulator/containers/echo_model.hpp"

namespace smp::emulator {

struct InputsRequest {
  std::string inputs;
  GenerationRequest generation;  // a raw prompt
  bool stream = false;
  bool details = false;
  bool return_full_text = false;
};

// Reads {"inputs": str, "parameters": {max_new_tokens, stop | stop_sequences, details,
// return_full_text}, "stream"}. The error names the offending field.
std::expected<InputsRequest, std::string> parse_inputs_request(const boost::json::object& body,
                                                               long long default_max_new_tokens);

// A deterministic log-probability in (-2.1, -0.001] for a generated token.
double token_logprob(std::string_view token);

}  // namespace smp::emulator
