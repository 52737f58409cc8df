#pragma once
// The `inputs` + `parameters` text-generation formats (user-needs.md §2.3–§2.4, aws-wire.md
// §2.7). LMI/DJL and TGI share the shape and differ in details, so one codec takes the dialect:
//
//            request stop key   temperature 0         stream                 non-stream
//   lmi      stop_sequences     do_sample false       JSON lines {"token"}    {"generated_text"}
//   tgi      stop               do_sample false,      SSE `data:{"token"}`    [{"generated_text"}]
//                               temperature omitted
//                               (TGI wants > 0)
//
// The prompt is rendered from the messages with a chat template; tools always go through the
// prompt fallback (these containers have no tool parser). Streams end with a record that also
// carries `generated_text` and `details` (finish_reason, generated_tokens). Errors: TGI sends
// {"error":…,"error_type":…}; LMI sends a token with id -1 and details.finish_reason "error",
// with HTTP 200. Both end the stream as errors.
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "models/llm/chat_template.hpp"
#include "models/llm/chat_types.hpp"

namespace smp::models::text_generation {

enum class Dialect { lmi, tgi };

struct RequestOptions {
  ChatTemplate chat_template = ChatTemplate::chatml();
  // max_new_tokens when the request sets no max_tokens; 0 leaves it to the container (LMI's own
  // default is short, so providers should set this from the model's context length).
  std::int64_t default_max_new_tokens = 0;
};

// {"inputs": prompt, "parameters": {…}, "stream": …}; extra_body keys go into `parameters`
// (a "parameters" object in extra_body is merged into it).
Result<std::string> build_request(Dialect dialect, const ChatRequest& request,
                                  const RequestOptions& options = {});

// A non-stream reply ({"generated_text"} or [{"generated_text"}]) → one chunk.
Result<ChatChunk> parse_response(Dialect dialect, std::string_view body);
Result<void> decode_response(Dialect dialect, const boost::json::value& reply,
                             std::string_view body, ChatChunk& out);

// One stream record ({"token": …}, the final record with generated_text/details, the older
// {"outputs": […]}, or a whole non-stream reply). Special tokens (EOS) are not content.
Result<void> decode_stream_record(Dialect dialect, const boost::json::value& record,
                                  std::string_view text, ChatChunk& out);

}  // namespace smp::models::text_generation
