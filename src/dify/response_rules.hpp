#pragma once
// What the daemon enforces on every line we send (dify-plugin-protocol.md §2.2–§2.6, §8), as a
// reusable checker: the runtime's tests run it over every line, and the Python daemon harness
// (tests/e2e/dify_daemon.py) implements the same rules independently.
//
// Go's validator (without WithRequiredStructEnabled) enforces `required` on pointers, strings,
// slices and maps (present, non-null, non-empty strings), not on nested structs; unknown
// use_template names fail the unmarshal; decimals may be strings, numbers or null.
#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace smp::dify {

// The `data` of one `stream` message of `action`. Unknown actions pass.
Result<void> check_stream_data(std::string_view action, const boost::json::value& data);
// The `data` of an `error` message: error_type/message strings, args an object of ≤ 10 keys.
Result<void> check_error_data(const boost::json::value& data);
// A get_ai_model_schemas model_schema (AIModelEntity) that is not null.
Result<void> check_model_schema(const boost::json::value& schema);

// Follows a whole conversation: the envelope of every line (single line, ≤ 5 MiB, JSON object,
// known event), session discipline (stream* [error] end, exactly one end, nothing after it;
// single-result actions send exactly one stream message unless they fail) and the action rules.
class ResponseChecker {
 public:
  // The action of a session the daemon opened (lines of unknown sessions are errors).
  void expect(std::string session_id, std::string action);
  // One line as written (a trailing "\n" is allowed).
  Result<void> check_line(std::string_view line);
  // Every expected session has ended.
  Result<void> finish() const;

  std::size_t heartbeats() const { return heartbeats_; }
  bool ended(const std::string& session_id) const;

 private:
  struct Session {
    std::string action;
    std::size_t streams = 0;
    bool errored = false;
    bool ended = false;
  };
  std::map<std::string, Session, std::less<>> sessions_;
  std::size_t heartbeats_ = 0;
};

// Actions that answer with exactly one stream message (all but invoke_llm and invoke_tts).
bool single_result_action(std::string_view action);

}  // namespace smp::dify
