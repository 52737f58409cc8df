#include "models/llm/openai_chunk_reader.hpp"

#include <array>
#include <boost/json/basic_parser_impl.hpp>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "models/llm/chat_format.hpp"

namespace smp::models {
namespace {

namespace json = boost::json;
using boost::system::error_code;

// Where the parser is in the record.
enum class Place : std::uint8_t { root, choices, choice, delta, usage, other };

// What the next value means, set by its key.
enum class Field : std::uint8_t {
  none,
  choices,
  usage,
  object,
  index,
  delta,
  finish_reason,
  content,
  reasoning,
  reasoning_content,
  prompt_tokens,
  completion_tokens,
  total_tokens,
};

constexpr std::size_t kMaxDepth = 64;

// Key comparison with the literal's length known at compile time, so the compiler inlines it
// (keys are compared for every member of every record).
template <std::size_t N>
bool is(std::string_view key, const char (&literal)[N]) {
  return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

struct ChunkHandler {
  static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();

  ChatChunk* out = nullptr;
  std::array<Place, kMaxDepth> stack{};
  std::size_t depth = 0;
  Field field = Field::none;
  std::string key;  // a key that arrived in parts
  bool declined = false;
  bool saw_choices = false;
  int choices = 0;
  std::int64_t choice_index = 0;
  bool reasoning_is_string = false;  // `reasoning` wins over `reasoning_content`
  std::string reasoning_content;
  std::string finish_reason;
  bool saw_usage = false;
  Usage usage;
  std::string short_text;  // finish_reason or object, possibly in parts
  std::uint32_t seen_fields = 0;

  void start(ChatChunk& target) {
    out = &target;
    depth = 0;
    field = Field::none;
    key.clear();
    declined = false;
    saw_choices = false;
    choices = 0;
    choice_index = 0;
    reasoning_is_string = false;
    reasoning_content.clear();
    finish_reason.clear();
    saw_usage = false;
    usage = Usage{};
    short_text.clear();
    seen_fields = 0;
  }

  Place place() const { return depth == 0 ? Place::other : stack[depth - 1]; }

  bool decline(error_code& ec) {
    declined = true;
    ec = json::error::syntax;  // any error stops the parser; `declined` says why
    return false;
  }

  bool push(Place p, error_code& ec) {
    if (depth == kMaxDepth) return decline(ec);
    stack[depth++] = p;
    return true;
  }

  // A value that is not a string, number, bool or null: where it goes.
  bool open(bool is_array, error_code& ec) {
    const Field f = std::exchange(field, Field::none);
    if (depth == 0) return is_array ? decline(ec) : push(Place::root, ec);
    const Place here = place();
    if (here == Place::choices) {
      // Only a single choice object is common; anything else goes the general way.
      if (is_array || ++choices > 1) return decline(ec);
      return push(Place::choice, ec);
    }
    if (here == Place::other) return push(Place::other, ec);
    if (!is_array && f == Field::delta) return push(Place::delta, ec);
    if (!is_array && f == Field::usage) {
      saw_usage = true;
      return push(Place::usage, ec);
    }
    if (is_array && f == Field::choices) {
      saw_choices = true;
      return push(Place::choices, ec);
    }
    // Content as parts, a whole message, a choices object: the general decoder.
    if (f != Field::none) return decline(ec);
    return push(Place::other, ec);
  }

  Field field_for(std::string_view k, error_code& ec) {
    switch (place()) {
      case Place::root:
        if (is(k, "choices")) return Field::choices;
        if (is(k, "usage")) return Field::usage;
        if (is(k, "object")) return Field::object;
        // Error records ({"error"}, {"code","message"}) are read by the general decoder.
        if (is(k, "error") || is(k, "message") || is(k, "code")) decline(ec);
        return Field::none;
      case Place::choice:
        if (is(k, "delta")) return Field::delta;
        if (is(k, "finish_reason")) return Field::finish_reason;
        if (is(k, "index")) return Field::index;
        if (is(k, "message") || is(k, "text")) decline(ec);
        return Field::none;
      case Place::delta:
        if (is(k, "content")) return Field::content;
        if (is(k, "reasoning")) return Field::reasoning;
        if (is(k, "reasoning_content")) return Field::reasoning_content;
        if (is(k, "tool_calls")) decline(ec);
        return Field::none;
      case Place::usage:
        if (is(k, "prompt_tokens")) return Field::prompt_tokens;
        if (is(k, "completion_tokens")) return Field::completion_tokens;
        if (is(k, "total_tokens")) return Field::total_tokens;
        return Field::none;
      case Place::choices:
      case Place::other:
        return Field::none;
    }
    return Field::none;
  }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code& ec) { return open(false, ec); }
  bool on_object_end(std::size_t, error_code&) {
    --depth;
    return true;
  }
  bool on_array_begin(error_code& ec) { return open(true, ec); }
  bool on_array_end(std::size_t, error_code&) {
    --depth;
    return true;
  }
  bool on_key_part(std::string_view s, std::size_t, error_code&) {
    key.append(s);
    return true;
  }
  bool on_key(std::string_view s, std::size_t, error_code& ec) {
    if (!key.empty()) {
      key.append(s);
      field = field_for(key, ec);
      key.clear();
    } else {
      field = field_for(s, ec);
    }
    if (field != Field::none) {
      // A repeated key means "the last one wins" in the general decoder; leave such records to
      // it. (Each field occurs once in an accepted record: one choice, one delta, one usage.)
      const auto bit = std::uint32_t{1} << static_cast<unsigned>(field);
      if ((seen_fields & bit) != 0) return decline(ec);
      seen_fields |= bit;
    }
    return !declined;
  }
  bool append_string(std::string_view s, error_code& ec) {
    if (place() == Place::choices) return decline(ec);
    switch (field) {
      case Field::content:
        out->content.append(s);
        break;
      case Field::reasoning:
        reasoning_is_string = true;
        out->reasoning.append(s);
        break;
      case Field::reasoning_content:
        reasoning_content.append(s);
        break;
      case Field::finish_reason:
      case Field::object:
        short_text.append(s);
        break;
      case Field::none:
        break;
      default:
        return decline(ec);  // a string where a number or an object belongs
    }
    return true;
  }
  bool on_string_part(std::string_view s, std::size_t, error_code& ec) {
    return append_string(s, ec);
  }
  bool on_string(std::string_view s, std::size_t, error_code& ec) {
    if (!append_string(s, ec)) return false;
    const Field f = std::exchange(field, Field::none);
    if (f == Field::finish_reason) finish_reason.swap(short_text);
    if (f == Field::object && short_text == "error") return decline(ec);  // an error record
    short_text.clear();
    return true;
  }
  bool number(std::int64_t value, error_code& ec) {
    if (place() == Place::choices) return decline(ec);
    switch (std::exchange(field, Field::none)) {
      case Field::index:
        choice_index = value;
        break;
      case Field::prompt_tokens:
        usage.prompt_tokens = value;
        break;
      case Field::completion_tokens:
        usage.completion_tokens = value;
        break;
      case Field::total_tokens:
        usage.total_tokens = value;
        break;
      case Field::none:
        break;
      default:
        return decline(ec);
    }
    return true;
  }
  bool on_number_part(std::string_view, error_code&) { return true; }
  bool on_int64(std::int64_t v, std::string_view, error_code& ec) { return number(v, ec); }
  bool on_uint64(std::uint64_t v, std::string_view, error_code& ec) {
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return decline(ec);
    }
    return number(static_cast<std::int64_t>(v), ec);
  }
  // Fractional numbers and booleans only where nothing is read; elsewhere (counts written as
  // 12.0, "content": true) the general decoder decides.
  bool on_double(double, std::string_view, error_code& ec) {
    if (field != Field::none || place() == Place::choices) return decline(ec);
    return true;
  }
  bool on_bool(bool, error_code& ec) {
    if (field != Field::none || place() == Place::choices) return decline(ec);
    return true;
  }
  // null is what an absent value looks like (content, reasoning_content, finish_reason, usage).
  bool on_null(error_code& ec) {
    if (place() == Place::choices) return decline(ec);
    field = Field::none;
    return true;
  }
  bool on_comment_part(std::string_view, error_code&) { return true; }
  bool on_comment(std::string_view, error_code&) { return true; }
};

json::parse_options strict_options() {
  json::parse_options options;
  options.max_depth = kMaxDepth;
  return options;
}

}  // namespace

struct OpenAiChunkReader::Impl {
  json::basic_parser<ChunkHandler> parser{strict_options()};
};

OpenAiChunkReader::OpenAiChunkReader() : impl_(std::make_unique<Impl>()) {}
OpenAiChunkReader::~OpenAiChunkReader() = default;

bool OpenAiChunkReader::read(std::string_view record, ChatChunk& out) {
  auto& parser = impl_->parser;
  auto& h = parser.handler();
  parser.reset();
  h.start(out);
  error_code ec;
  const std::size_t used = parser.write_some(false, record.data(), record.size(), ec);
  if (ec || used != record.size() || h.declined || !h.saw_choices) return false;
  if (h.choices == 1 && h.choice_index != 0) return false;  // not the choice we report
  const std::string_view reason = normalize_finish_reason(h.finish_reason);
  if (reason == "error" || reason == "abort") return false;  // an error: the general path
  out.finish_reason.assign(reason);
  if (!h.reasoning_is_string) out.reasoning = std::move(h.reasoning_content);
  if (h.saw_usage) out.usage = h.usage;
  return true;
}

}  // namespace smp::models
