#include "emulator/containers/echo_model.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <string_view>

#include "emulator/containers/json_writer.hpp"
#include "emulator/containers/text_tokens.hpp"

namespace smp::emulator {
namespace {

namespace json = boost::json;

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return std::string(text);
}

std::string join_tokens(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& token : tokens)
    out += token;
  return out;
}

// The text a raw completion prompt asks about: its last line that is not chat-template framing
// (markers like <|im_start|> and bare role names are dropped).
std::string last_prompt_line(std::string_view prompt) {
  std::string cleaned;
  for (std::size_t i = 0; i < prompt.size();) {
    if (prompt.compare(i, 2, "<|") == 0) {
      const auto close = prompt.find("|>", i + 2);
      if (close != std::string_view::npos) {
        cleaned += '\n';
        i = close + 2;
        continue;
      }
    }
    cleaned += prompt[i++];
  }
  std::string last;
  std::size_t start = 0;
  while (start <= cleaned.size()) {
    auto end = cleaned.find('\n', start);
    if (end == std::string::npos) end = cleaned.size();
    std::string line = trim(std::string_view(cleaned).substr(start, end - start));
    if (!line.empty() && line != "system" && line != "user" && line != "assistant") last = line;
    start = end + 1;
  }
  return last;
}

const ChatTurn* last_turn_with_role(const std::vector<ChatTurn>& turns, std::string_view role) {
  for (auto it = turns.rbegin(); it != turns.rend(); ++it) {
    if (it->role == role) return &*it;
  }
  return nullptr;
}

// Words of a tool name that are specific enough to recognise in a request.
std::vector<std::string> tool_keywords(std::string_view name) {
  static const std::vector<std::string_view> generic = {
      "get", "set", "the", "and", "for", "tool", "func", "function", "api", "call", "run"};
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (word.size() >= 3 && std::find(generic.begin(), generic.end(), word) == generic.end()) {
      words.push_back(word);
    }
    word.clear();
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (std::isupper(static_cast<unsigned char>(c)) && !word.empty()) flush();  // camelCase
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

bool request_mentions_tool(const std::string& lowered_request, const ToolSpec& tool) {
  if (lowered_request.find(lowercase(tool.name)) != std::string::npos) return true;
  for (const auto& keyword : tool_keywords(tool.name)) {
    if (lowered_request.find(keyword) != std::string::npos) return true;
  }
  return false;
}

// "…weather in Paris, France?" → "Paris, France": the words after the last "in/for/at/of", up to
// sentence punctuation.
std::string place_in(std::string_view request) {
  const std::string lowered = lowercase(request);
  std::size_t best = std::string::npos;
  for (std::string_view preposition : {" in ", " for ", " at ", " of "}) {
    const auto at = lowered.rfind(preposition);
    if (at != std::string::npos && (best == std::string::npos || at > best)) {
      best = at + preposition.size();
    }
  }
  if (best == std::string::npos) return trim(request);
  std::string_view rest = request.substr(best);
  const auto end = rest.find_first_of("?!.;\n");
  return trim(rest.substr(0, end));
}

std::optional<std::string> first_number(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i]))) {
      std::size_t end = i;
      while (end < text.size() &&
             (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) {
        ++end;
      }
      std::string number(text.substr(i, end - i));
      while (!number.empty() && number.back() == '.')
        number.pop_back();
      return number;
    }
  }
  return std::nullopt;
}

bool name_matches(std::string_view name, std::initializer_list<std::string_view> hints) {
  const std::string lowered = lowercase(name);
  return std::any_of(hints.begin(), hints.end(), [&](std::string_view hint) {
    return lowered.find(hint) != std::string::npos;
  });
}

void write_argument(JsonWriter& out, std::string_view name, const json::object& schema,
                    std::string_view request) {
  const json::value* type_value = schema.if_contains("type");
  const std::string type = type_value && type_value->is_string()
                               ? std::string(type_value->as_string())
                               : std::string("string");
  if (const json::value* values = schema.if_contains("enum");
      values && values->is_array() && !values->as_array().empty()) {
    out.raw(json::serialize(values->as_array().front()));
    return;
  }
  const json::value* fallback = schema.if_contains("default");
  if (type == "integer" || type == "number") {
    if (auto number = first_number(request)) {
      if (type == "integer") number = number->substr(0, number->find('.'));
      out.raw(*number);
    } else {
      out.raw(fallback ? json::serialize(*fallback) : "1");
    }
  } else if (type == "boolean") {
    out.raw(fallback ? json::serialize(*fallback) : "true");
  } else if (type == "array") {
    out.raw(fallback ? json::serialize(*fallback) : "[]");
  } else if (type == "object") {
    out.raw(fallback ? json::serialize(*fallback) : "{}");
  } else if (name_matches(name, {"location", "city", "place", "country", "region", "destination",
                                 "where", "address"})) {
    out.string(place_in(request));
  } else if (fallback && !name_matches(name, {"query", "question", "text", "prompt", "input"})) {
    out.raw(json::serialize(*fallback));
  } else {
    out.string(trim(request));
  }
}

// Arguments as vLLM's tool parsers emit them: json.dumps with ", " and ": ", UTF-8 kept.
std::string tool_arguments(const ToolSpec& tool, std::string_view request) {
  JsonWriter out(JsonStyle{.spaced = true, .ascii_only = false, .indent = 0, .f32_floats = false});
  out.begin_object();
  if (tool.parameters.is_object()) {
    const json::object& schema = tool.parameters.as_object();
    const json::value* properties = schema.if_contains("properties");
    const json::value* required = schema.if_contains("required");
    if (properties && properties->is_object()) {
      for (const auto& [name, property] : properties->as_object()) {
        bool wanted = true;
        if (required && required->is_array() && !required->as_array().empty()) {
          const auto& list = required->as_array();
          wanted = std::find(list.begin(), list.end(), json::value(name)) != list.end();
        }
        if (!wanted) continue;
        out.key(name);
        static const json::object empty;
        write_argument(out, name, property.is_object() ? property.as_object() : empty, request);
      }
    }
  }
  out.end_object();
  return out.take();
}

std::vector<ToolCall> choose_tool_calls(const GenerationRequest& request,
                                        std::string_view user_text) {
  std::vector<ToolCall> calls;
  if (request.tools.empty() || request.tool_choice == "none") return calls;
  const std::string lowered = lowercase(user_text);
  std::vector<const ToolSpec*> chosen;
  for (const auto& tool : request.tools) {
    const bool forced = tool.name == request.tool_choice;
    if (forced) {
      chosen.assign(1, &tool);
      break;
    }
    const bool by_choice = request.tool_choice == "auto" || request.tool_choice == "required";
    if (by_choice && request_mentions_tool(lowered, tool)) chosen.push_back(&tool);
  }
  if (chosen.empty() && request.tool_choice == "required") chosen.push_back(&request.tools.front());
  if (!request.parallel_tool_calls && chosen.size() > 1) chosen.resize(1);
  for (const ToolSpec* tool : chosen) {
    calls.push_back(ToolCall{"", tool->name, tool_arguments(*tool, user_text)});
  }
  return calls;
}

// The tool name an assistant turn gave the call `id`.
std::string tool_name_for(const std::vector<ChatTurn>& turns, std::string_view id) {
  for (const auto& turn : turns) {
    for (const auto& call : turn.tool_calls) {
      if (call.id == id) return call.name;
    }
  }
  return "tool";
}

}  // namespace

std::string Generation::reasoning_text() const {
  return join_tokens(reasoning_tokens);
}
std::string Generation::content_text() const {
  return join_tokens(content_tokens);
}

long long prompt_token_count(const GenerationRequest& request) {
  if (request.raw_prompt) {
    return request.turns.empty() ? 0 : static_cast<long long>(count_tokens(request.turns[0].text));
  }
  long long total = 2;
  for (const auto& turn : request.turns) {
    total += static_cast<long long>(count_tokens(turn.text)) + 4 + turn.image_count;
    for (const auto& call : turn.tool_calls) {
      total += static_cast<long long>(count_tokens(call.name) + count_tokens(call.arguments));
    }
  }
  return total;
}

Generation generate(const GenerationRequest& request) {
  Generation out;
  out.prompt_tokens = prompt_token_count(request);

  // Decide what to say.
  std::string reasoning;
  std::string content;
  const bool after_tool = !request.turns.empty() && request.turns.back().role == "tool";
  if (after_tool) {
    std::vector<std::string> results;
    for (auto it = request.turns.rbegin(); it != request.turns.rend() && it->role == "tool"; ++it) {
      results.insert(results.begin(), "The " + tool_name_for(request.turns, it->tool_call_id) +
                                          " tool returned: " + trim(it->text));
    }
    reasoning = "I called a tool and have its result, so I will report it.";
    for (const auto& result : results)
      content += (content.empty() ? "" : " ") + result;
  } else {
    const ChatTurn* user = request.raw_prompt
                               ? (request.turns.empty() ? nullptr : &request.turns[0])
                               : last_turn_with_role(request.turns, "user");
    std::string said = user ? (request.raw_prompt ? last_prompt_line(user->text) : trim(user->text))
                            : std::string();
    out.tool_calls =
        request.raw_prompt ? std::vector<ToolCall>{} : choose_tool_calls(request, said);
    if (!out.tool_calls.empty()) {
      reasoning =
          "The request fits the " + out.tool_calls.front().name + " tool, so I will call it.";
    } else {
      reasoning = said.empty() ? "The user said nothing, so I will say so."
                               : "The user wrote \"" + said + "\". I will repeat it back.";
      content = said.empty() ? "You said nothing." : "You said: " + said;
      if (user && user->image_count > 0) {
        content += " (with " + std::to_string(user->image_count) +
                   (user->image_count == 1 ? " image)" : " images)");
      }
    }
  }

  // Stop sequences end the visible answer where they first occur.
  std::size_t cut = std::string::npos;
  for (const auto& stop : request.stop) {
    if (stop.empty()) continue;
    const auto at = content.find(stop);
    if (at != std::string::npos && at < cut) {
      cut = at;
      out.matched_stop = stop;
    }
  }
  if (cut != std::string::npos) {
    content.resize(cut);
    out.cause = StopCause::stop_sequence;
  }

  if (request.reasoning) out.reasoning_tokens = tokenize(reasoning);
  out.content_tokens = tokenize(content);

  // max_tokens counts everything generated, reasoning first.
  long long tool_tokens = 0;
  for (const auto& call : out.tool_calls) {
    tool_tokens += static_cast<long long>(count_tokens(call.name) + count_tokens(call.arguments));
  }
  if (request.max_tokens) {
    auto budget = static_cast<std::size_t>(std::max(0LL, *request.max_tokens));
    if (out.reasoning_tokens.size() + out.content_tokens.size() +
            static_cast<std::size_t>(tool_tokens) >
        budget) {
      if (out.reasoning_tokens.size() > budget) out.reasoning_tokens.resize(budget);
      budget -= out.reasoning_tokens.size();
      if (out.content_tokens.size() > budget) out.content_tokens.resize(budget);
      out.tool_calls.clear();  // a call cut short is no call
      tool_tokens = 0;
      out.cause = StopCause::length;
      out.matched_stop.clear();
    }
  }
  if (!out.tool_calls.empty()) out.cause = StopCause::tool_calls;
  out.completion_tokens =
      static_cast<long long>(out.reasoning_tokens.size() + out.content_tokens.size()) + tool_tokens;
  return out;
}

}  // namespace smp::emulator
