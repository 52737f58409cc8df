// AWS Large Model Inference (DJL-Serving) behind SageMaker (user-needs §2.3): the chat schema
// answers OpenAI chat.completion, streamed as JSON Lines (no "data:", no [DONE]); the `inputs`
// schema answers {"generated_text"} or token lines {"token":{"id","text","log_prob"}} whose last
// line carries generated_text and details. A failure mid-generation arrives with HTTP 200 as the
// error token (id -1, finish_reason "error"); the custom attribute
// `emulator_error_after_tokens=N` makes the container fail that way after N tokens.
#include <boost/json.hpp>

#include "emulator/containers/builtin.hpp"
#include "emulator/containers/json_writer.hpp"
#include "emulator/containers/openai_chat.hpp"
#include "emulator/containers/text_tokens.hpp"
#include "emulator/containers/token_text.hpp"

namespace smp::emulator::builtin {
namespace {

namespace json = boost::json;

constexpr long long kDefaultMaxNewTokens = 30;

// LMI's validation error (HTTP 424).
InvocationOutput lmi_error(std::string_view message) {
  JsonWriter out;
  out.begin_object().field("error", message).field_int("code", 424).end_object();
  return json_answer(424, out.take());
}

// DJL-Serving's front end rejecting bytes it cannot translate.
InvocationOutput translate_error(std::string_view message) {
  JsonWriter out(JsonStyle{.spaced = true, .ascii_only = false, .indent = 2, .f32_floats = false});
  out.begin_object().field_int("code", 400).field("type", "TranslateException");
  out.field("message", message).end_object();
  return json_answer(400, out.take());
}

std::string finish_word(StopCause cause) {
  switch (cause) {
    case StopCause::length:
      return "length";
    case StopCause::stop_sequence:
      return "stop_sequence";
    case StopCause::tool_calls:
      return "tool_calls";
    case StopCause::eos:
      return "eos_token";
  }
  return "eos_token";
}

class LmiContainer final : public Container {
 public:
  explicit LmiContainer(const ContainerOptions& options) : options_(options) {
    if (options_.model_id.empty()) options_.model_id = "lmi";
    dialect_.framing = StreamFraming::json_lines;
    dialect_.vllm_fields = false;
    dialect_.reasoning_field = options_.reasoning_field;
    dialect_.finish = FinishReasonWords{"eos_token", "stop_sequence", "length", "tool_calls"};
    sse_ = options_.lmi_output_formatter == "sse";
  }

  std::string_view kind() const override { return "lmi"; }

  InvocationOutput invoke(const InvocationInput& input, ContainerContext& context) const override {
    auto parsed = parse_json(input.body);
    if (!parsed)
      return translate_error("Input is not a valid JSON: " + parsed.error().python_message());
    if (!parsed->is_object()) return lmi_error("Input must be a JSON object.");
    const json::object& body = parsed->as_object();
    if (body.contains("messages")) return chat(body, context);
    if (!body.contains("inputs")) {
      return translate_error("Missing \"inputs\" in json.");
    }
    auto request = parse_inputs_request(body, kDefaultMaxNewTokens);
    if (!request) return lmi_error(request.error());
    const Generation generation = emulator::generate(request->generation);
    const std::string fail_after =
        custom_attribute(input.custom_attributes, "emulator_error_after_tokens");
    const std::optional<std::size_t> error_after = parse_count(fail_after);
    return request->stream ? stream(*request, generation, error_after)
                           : document(*request, generation);
  }

 private:
  InvocationOutput chat(const json::object& body, ContainerContext& context) const {
    auto request = parse_openai_request(body);
    if (!request) return lmi_error(request.error());
    request->generation.reasoning = wants_reasoning(*request, options_.model_id);
    Generation generation = emulator::generate(request->generation);
    SeededRandom rng(context.seed);
    const ResponseIdentity identity{"chatcmpl-" + hex_id(rng), context.unix_time,
                                    request->model.empty() ? options_.model_id : request->model};
    assign_tool_call_ids(generation, rng, "chatcmpl-tool-");
    if (!request->stream) {
      return json_answer(200, render_chat_completion(generation, dialect_, identity));
    }
    InvocationOutput out;
    out.content_type = "application/jsonlines";
    out.stream_records = render_chat_stream(generation, dialect_, identity, request->include_usage);
    return out;
  }

  void write_details(JsonWriter& out, const InputsRequest& request, std::string_view finish,
                     std::size_t generated) const {
    out.key("details").begin_object().field("finish_reason", finish);
    out.field_int("generated_tokens", static_cast<long long>(generated));
    out.field("inputs", request.inputs).end_object();
  }

  InvocationOutput document(const InputsRequest& request, const Generation& generation) const {
    JsonWriter out;
    if (options_.lmi_tgi_compat) out.begin_array();
    out.begin_object().field("generated_text", (request.return_full_text ? request.inputs : "") +
                                                   generation.content_text());
    if (request.details) {
      write_details(out, request, finish_word(generation.cause), generation.content_tokens.size());
    }
    out.end_object();
    if (options_.lmi_tgi_compat) out.end_array();
    return json_answer(200, out.take());
  }

  InvocationOutput stream(const InputsRequest& request, const Generation& generation,
                          std::optional<std::size_t> error_after) const {
    const StreamFraming framing =
        sse_ ? StreamFraming::sse_without_space : StreamFraming::json_lines;
    InvocationOutput out;
    out.content_type = sse_ ? "text/event-stream" : "application/jsonlines";
    const auto& tokens = generation.content_tokens;
    const std::size_t count = error_after ? std::min(*error_after, tokens.size()) : tokens.size();
    for (std::size_t i = 0; i < count; ++i) {
      const bool last = !error_after && i + 1 == tokens.size();
      JsonWriter line;
      line.begin_object().key("token").begin_object().field_int("id", token_id(tokens[i]));
      line.field("text", tokens[i]).key("log_prob").number(token_logprob(tokens[i])).end_object();
      if (last) {
        line.field("generated_text",
                   (request.return_full_text ? request.inputs : "") + generation.content_text());
        write_details(line, request, finish_word(generation.cause), tokens.size());
      }
      line.end_object();
      out.stream_records.push_back(frame_record(line.str(), framing));
    }
    if (error_after || tokens.empty()) {
      // The error token LMI sends in place of the next token when generation fails (or, with
      // nothing generated, the terminal line carrying the empty result).
      JsonWriter line;
      line.begin_object().key("token").begin_object().field_int("id", -1).field("text", "");
      line.key("log_prob").integer(-1).key("special_token").boolean(true).end_object();
      line.field("generated_text", "");
      write_details(line, request, error_after ? "error" : finish_word(generation.cause), count);
      line.end_object();
      out.stream_records.push_back(frame_record(line.str(), framing));
    }
    return out;
  }

  ContainerOptions options_;
  ChatDialect dialect_;
  bool sse_ = false;
};

}  // namespace

std::unique_ptr<Container> make_lmi(const ContainerOptions& options) {
  return std::make_unique<LmiContainer>(options);
}

}  // namespace smp::emulator::builtin
