#include "models/llm/tool_prompt.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace smp::models {
namespace {

namespace json = boost::json;

json::value arguments_value(const std::string& arguments) {
  if (arguments.empty()) return json::object();
  boost::system::error_code ec;
  json::value parsed = json::parse(arguments, ec);
  if (ec) return json::string(arguments);
  return parsed;
}

bool mentions_tools(const ChatRequest& request) {
  if (!request.tools.empty()) return true;
  for (const auto& message : request.messages) {
    if (message.role == ChatRole::tool || !message.tool_calls.empty()) return true;
  }
  return false;
}

}  // namespace

std::string render_tool_call(const ToolCall& call) {
  json::object object;
  object["name"] = call.name;
  object["arguments"] = arguments_value(call.arguments);
  return std::string(kToolCallOpen) + "\n" + json::serialize(object) + "\n" +
         std::string(kToolCallClose);
}

std::string describe_tools(const std::vector<ToolDefinition>& tools, const ToolChoice& choice) {
  std::string out =
      "# Tools\n\n"
      "You can call the functions described below, one JSON object per line inside <tools>:\n"
      "<tools>\n";
  for (const auto& tool : tools) {
    json::object function;
    function["name"] = tool.name;
    if (!tool.description.empty()) function["description"] = tool.description;
    function["parameters"] = tool.parameters;
    json::object entry;
    entry["type"] = "function";
    entry["function"] = std::move(function);
    out += json::serialize(entry);
    out += '\n';
  }
  out +=
      "</tools>\n\n"
      "To call a function, answer with one block per call and nothing else inside it:\n"
      "<tool_call>\n"
      "{\"name\": \"<function name>\", \"arguments\": {<the arguments as a JSON object>}}\n"
      "</tool_call>";
  if (choice.mode == ToolChoice::Mode::required) {
    out += "\n\nYou must call at least one function.";
  } else if (choice.mode == ToolChoice::Mode::function) {
    out += "\n\nYou must call the function " + choice.function_name + ".";
  }
  return out;
}

ChatRequest with_tools_in_prompt(const ChatRequest& request) {
  ChatRequest out = request;
  out.tools.clear();
  out.tool_choice = {};
  out.parallel_tool_calls.reset();
  if (!mentions_tools(request)) return out;

  out.messages.clear();
  bool previous_was_tool = false;
  for (const auto& message : request.messages) {
    if (message.role == ChatRole::tool) {
      const std::string result = "<tool_response>\n" + message.joined_text() + "\n</tool_response>";
      // Results of parallel calls share one user turn, as the models saw in training.
      if (previous_was_tool) {
        out.messages.back().content.back().text += "\n" + result;
      } else {
        out.messages.push_back(ChatMessage::text(ChatRole::user, result));
      }
      previous_was_tool = true;
      continue;
    }
    previous_was_tool = false;
    ChatMessage copy = message;
    if (!copy.tool_calls.empty()) {
      std::string calls;
      for (const auto& call : copy.tool_calls) {
        if (!calls.empty()) calls += '\n';
        calls += render_tool_call(call);
      }
      const std::string text = copy.joined_text();
      copy.content.clear();
      copy.content.push_back(ContentPart::from_text(text.empty() ? calls : text + "\n" + calls));
      copy.tool_calls.clear();
    }
    out.messages.push_back(std::move(copy));
  }

  if (!request.tools.empty() && request.tool_choice.mode != ToolChoice::Mode::none) {
    const std::string description = describe_tools(request.tools, request.tool_choice);
    auto first = out.messages.begin();
    if (first != out.messages.end() && first->role == ChatRole::system) {
      const std::string text = first->joined_text();
      first->content.clear();
      first->content.push_back(
          ContentPart::from_text(text.empty() ? description : text + "\n\n" + description));
    } else {
      out.messages.insert(first, ChatMessage::text(ChatRole::system, description));
    }
  }
  return out;
}

}  // namespace smp::models
