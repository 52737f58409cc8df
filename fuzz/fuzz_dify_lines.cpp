// Daemon lines (untrusted: whatever reaches stdin or the debugging socket) through the runtime's
// parser and the request readers the actions use, and the same bytes through the daemon-rules
// checker. Nothing may crash; a parsed request's fields are read with the typed accessors only.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dify/chat_request.hpp"
#include "dify/credentials_form.hpp"
#include "dify/protocol.hpp"
#include "dify/response_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = smp::dify::parse_daemon_line(input);
  if (parsed.request) {
    const auto& d = parsed.request->data;
    (void)smp::dify::chat_request_from_dify(d);
    (void)smp::dify::model_config_from_request(d);
    (void)smp::dify::field::strings(d, "texts");
    (void)smp::dify::field::integer(d, "top_n");
    (void)smp::dify::field::number(d, "score_threshold");
  } else if (!parsed.blank && !parsed.error) {
    __builtin_trap();  // every line is a request, a blank line or an error
  }
  smp::dify::ResponseChecker checker;
  checker.expect("s", "invoke_llm");
  checker.expect("e", "invoke_text_embedding");
  checker.expect("m", "get_ai_model_schemas");
  (void)checker.check_line(input);
  (void)checker.finish();
  return 0;
}
