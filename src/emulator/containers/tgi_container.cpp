// Hugging Face TGI behind SageMaker (user-needs §2.4, aws-wire §2.7): `inputs`/`parameters`
// generation answering [{"generated_text"}] or an SSE stream written by axum with "data:" and no
// space; `messages` bodies go to the Messages API (chat.completion, chunks with "data:").
#include <boost/json.hpp>

#include "emulator/containers/builtin.hpp"
#include "emulator/containers/json_writer.hpp"
#include "emulator/containers/openai_chat.hpp"
#include "emulator/containers/text_tokens.hpp"
#include "emulator/containers/token_text.hpp"

namespace smp::emulator::builtin {
namespace {

namespace json = boost::json;

constexpr long long kDefaultMaxNewTokens = 100;
constexpr long long kEosTokenId = 2;

// TGI's ErrorResponse: {"error": "...", "error_type": "validation"}.
InvocationOutput tgi_error(int status, std::string_view type, std::string_view message) {
  JsonWriter out;
  out.begin_object().field("error", message).field("error_type", type).end_object();
  return json_answer(status, out.take());
}

void write_token(JsonWriter& out, long long id, std::string_view text, double logprob,
                 bool special) {
  out.key("token").begin_object().field_int("id", id).field("text", text);
  out.key("logprob").number(logprob).key("special").boolean(special).end_object();
}

std::string finish_word(StopCause cause) {
  switch (cause) {
    case StopCause::length:
      return "length";
    case StopCause::stop_sequence:
      return "stop_sequence";
    default:
      return "eos_token";
  }
}

class TgiContainer final : public Container {
 public:
  explicit TgiContainer(const ContainerOptions& options) : options_(options) {
    if (options_.model_id.empty()) options_.model_id = "tgi";
    dialect_.framing = StreamFraming::sse_without_space;
    dialect_.vllm_fields = false;
    dialect_.tgi_fields = true;
    dialect_.system_fingerprint = "3.2.3-native";
    dialect_.reasoning_field = options_.reasoning_field;
  }

  std::string_view kind() const override { return "tgi"; }

  InvocationOutput invoke(const InvocationInput& input, ContainerContext& context) const override {
    auto parsed = parse_json(input.body);
    if (!parsed) {
      return answer(400, "text/plain; charset=utf-8",
                    "Failed to parse the request body as JSON: " + parsed.error().serde_message());
    }
    if (parsed->is_object() && parsed->as_object().contains("messages")) {
      return chat(parsed->as_object(), context);
    }
    if (!parsed->is_object() || !parsed->as_object().contains("inputs")) {
      return answer(422, "text/plain; charset=utf-8",
                    "Failed to deserialize the JSON body into the target type: data did not match "
                    "any variant of untagged enum SagemakerRequest");
    }
    auto request = parse_inputs_request(parsed->as_object(), kDefaultMaxNewTokens);
    if (!request) return tgi_error(422, "validation", "Input validation error: " + request.error());
    const Generation generation = emulator::generate(request->generation);
    return request->stream ? stream(*request, generation) : document(*request, generation);
  }

 private:
  InvocationOutput chat(const json::object& body, ContainerContext& context) const {
    auto request = parse_openai_request(body);
    if (!request) return tgi_error(422, "validation", request.error());
    request->generation.reasoning = false;  // TGI has no reasoning parser
    Generation generation = emulator::generate(request->generation);
    SeededRandom rng(context.seed);
    assign_tool_call_ids(generation, rng, "");
    const ResponseIdentity identity{"", context.unix_time,
                                    request->model.empty() ? options_.model_id : request->model};
    if (!request->stream) {
      return json_answer(200, render_chat_completion(generation, dialect_, identity));
    }
    InvocationOutput out;
    out.content_type = "text/event-stream";
    out.stream_records = render_chat_stream(generation, dialect_, identity, request->include_usage);
    return out;
  }

  static std::string generated_text(const InputsRequest& request, const Generation& generation) {
    return (request.return_full_text ? request.inputs : std::string()) + generation.content_text();
  }

  static long long generated_tokens(const Generation& generation) {
    return static_cast<long long>(generation.content_tokens.size()) +
           (generation.cause == StopCause::eos ? 1 : 0);
  }

  InvocationOutput document(const InputsRequest& request, const Generation& generation) const {
    JsonWriter out(JsonStyle::serde_f32());
    out.begin_array().begin_object().field("generated_text", generated_text(request, generation));
    if (request.details) {
      out.key("details").begin_object().field("finish_reason", finish_word(generation.cause));
      out.field_int("generated_tokens", generated_tokens(generation)).field_null("seed");
      out.key("prefill").begin_array().end_array();
      out.key("tokens").begin_array();
      for (const auto& token : generation.content_tokens) {
        out.begin_object().field_int("id", token_id(token)).field("text", token);
        out.key("logprob").number(token_logprob(token)).key("special").boolean(false).end_object();
      }
      out.end_array().end_object();
    }
    out.end_object().end_array();
    return json_answer(200, out.take());
  }

  // One event per token; an answer that ends naturally ends with the special EOS token, which
  // is not part of generated_text.
  InvocationOutput stream(const InputsRequest& request, const Generation& generation) const {
    struct Step {
      long long id;
      std::string text;
      double logprob;
      bool special;
    };
    std::vector<Step> steps;
    for (const auto& token : generation.content_tokens) {
      steps.push_back({token_id(token), token, token_logprob(token), false});
    }
    if (generation.cause == StopCause::eos || steps.empty()) {
      steps.push_back({kEosTokenId, "</s>", -0.0123, true});
    }
    InvocationOutput out;
    out.content_type = "text/event-stream";
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const bool last = i + 1 == steps.size();
      JsonWriter event(JsonStyle::serde_f32());
      event.begin_object().field_int("index", static_cast<long long>(i) + 1);
      write_token(event, steps[i].id, steps[i].text, steps[i].logprob, steps[i].special);
      if (last) {
        event.field("generated_text", generated_text(request, generation));
        event.key("details").begin_object().field("finish_reason", finish_word(generation.cause));
        event.field_int("generated_tokens", generated_tokens(generation)).field_null("seed");
        event.end_object();
      } else {
        event.field_null("generated_text").field_null("details");
      }
      event.end_object();
      out.stream_records.push_back(frame_record(event.str(), StreamFraming::sse_without_space));
    }
    return out;
  }

  ContainerOptions options_;
  ChatDialect dialect_;
};

}  // namespace

std::unique_ptr<Container> make_tgi(const ContainerOptions& options) {
  return std::make_unique<TgiContainer>(options);
}

}  // namespace smp::emulator::builtin
