#include "gateway/openai_requests.hpp"

#include <charconv>

#include "base/http_message.hpp"
#include "gateway/json_fields.hpp"
#include "gateway/multipart.hpp"
#include "gateway/openai_error.hpp"
#include "gateway/try.hpp"

namespace smp::gateway {
namespace {

std::string at(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

}  // namespace

Result<EmbeddingsApiRequest> parse_embeddings_request(std::string_view text) {
  SMP_GW_TRY(body, parse_json_object(text));
  EmbeddingsApiRequest out;
  SMP_GW_TRY(model, required_string(body, "model", "model"));
  out.model = std::move(model);
  const auto* input = field(body, "input");
  if (!input)
    return fail(request_error("input is required.", "input", "missing_required_parameter"));
  auto& texts = out.embedding.texts;
  if (input->is_string()) {
    texts.emplace_back(input->as_string());
  } else if (input->is_array()) {
    const auto& items = input->as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].is_string()) {
        texts.emplace_back(items[i].as_string());
        continue;
      }
      const bool tokens = items[i].is_number() || items[i].is_array();
      return fail(request_error(
          tokens ? "input holds token ids; these models take text, so send strings."
                 : at("input", i) + " must be a string.",
          tokens ? "input" : at("input", i), tokens ? "unsupported_value" : "invalid_type"));
    }
  } else {
    return fail(
        request_error("input must be a string or an array of strings.", "input", "invalid_type"));
  }
  if (texts.empty())
    return fail(request_error("input must not be empty.", "input", "invalid_value"));
  SMP_GW_TRY(encoding, optional_string(body, "encoding_format", "encoding_format"));
  if (encoding && *encoding != "float" && *encoding != "base64")
    return fail(request_error("encoding_format must be float or base64.", "encoding_format",
                              "invalid_value"));
  out.base64 = encoding && *encoding == "base64";
  SMP_GW_TRY(dimensions, optional_integer(body, "dimensions", "dimensions"));
  if (dimensions) {
    if (*dimensions < 1 || *dimensions > 65536)
      return fail(
          request_error("dimensions must be between 1 and 65536.", "dimensions", "invalid_value"));
    out.embedding.dimensions = static_cast<int>(*dimensions);
  }
  SMP_GW_TRY(input_type, optional_string(body, "input_type", "input_type"));
  if (input_type) {
    if (*input_type == "query" || *input_type == "search_query")
      out.embedding.input_type = models::InputType::query;
    else if (*input_type == "document" || *input_type == "search_document" ||
             *input_type == "passage")
      out.embedding.input_type = models::InputType::document;
    else
      return fail(
          request_error("input_type must be query or document.", "input_type", "invalid_value"));
  }
  return out;
}

Result<RerankApiRequest> parse_rerank_request(std::string_view text) {
  SMP_GW_TRY(body, parse_json_object(text));
  RerankApiRequest out;
  SMP_GW_TRY(model, required_string(body, "model", "model"));
  out.model = std::move(model);
  SMP_GW_TRY(query, required_string(body, "query", "query"));
  out.rerank.query = std::move(query);
  const auto* documents = field(body, "documents");
  if (!documents || !documents->is_array())
    return fail(request_error("documents must be an array of strings or {text} objects.",
                              "documents",
                              documents ? "invalid_type" : "missing_required_parameter"));
  const auto& items = documents->as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].is_string()) {
      out.rerank.documents.emplace_back(items[i].as_string());
    } else if (items[i].is_object()) {
      SMP_GW_TRY(doc, required_string(items[i].as_object(), "text", at("documents", i) + ".text"));
      out.rerank.documents.push_back(std::move(doc));
    } else {
      return fail(request_error(at("documents", i) + " must be a string or a {text} object.",
                                at("documents", i), "invalid_type"));
    }
  }
  if (out.rerank.documents.empty())
    return fail(request_error("documents must not be empty.", "documents", "invalid_value"));
  SMP_GW_TRY(top_n, optional_integer(body, "top_n", "top_n"));
  if (top_n && *top_n < 0)
    return fail(request_error("top_n must not be negative.", "top_n", "invalid_value"));
  out.rerank.top_n = top_n.value_or(0);
  SMP_GW_TRY(return_documents, optional_bool(body, "return_documents", "return_documents"));
  out.return_documents = return_documents.value_or(true);
  SMP_GW_TRY(threshold, optional_number(body, "score_threshold", "score_threshold"));
  out.rerank.score_threshold = threshold;
  return out;
}

Result<SpeechApiRequest> parse_speech_request(std::string_view text) {
  SMP_GW_TRY(body, parse_json_object(text));
  SpeechApiRequest out;
  SMP_GW_TRY(model, required_string(body, "model", "model"));
  out.model = std::move(model);
  SMP_GW_TRY(input, required_string(body, "input", "input"));
  if (input.empty())
    return fail(request_error("input must not be empty.", "input", "invalid_value"));
  out.input = std::move(input);
  SMP_GW_TRY(voice, optional_string(body, "voice", "voice"));
  out.voice = voice.value_or("");
  SMP_GW_TRY(format, optional_string(body, "response_format", "response_format"));
  if (format) {
    const std::string_view f = *format;
    if (f != "mp3" && f != "opus" && f != "aac" && f != "flac" && f != "wav" && f != "pcm")
      return fail(request_error("response_format must be mp3, opus, aac, flac, wav or pcm.",
                                "response_format", "invalid_value"));
    out.response_format = *format;
  }
  SMP_GW_TRY(speed, optional_number(body, "speed", "speed"));
  if (speed && (*speed < 0.25 || *speed > 4.0))
    return fail(request_error("speed must be between 0.25 and 4.0.", "speed", "invalid_value"));
  out.speed = speed;
  return out;
}

Result<TranscriptionApiRequest> parse_transcription_request(std::string_view content_type,
                                                            std::string_view body) {
  const auto boundary = multipart_boundary(content_type);
  if (!boundary)
    return fail(request_error(
        "Send the audio as multipart/form-data with a boundary (fields file and model).", "file",
        "invalid_content_type"));
  SMP_GW_TRY(parts, parse_multipart(body, *boundary));
  TranscriptionApiRequest out;
  bool have_file = false;
  for (const auto& part : parts) {
    const std::string value(part.body);
    if (part.name == "file") {
      out.file = value;
      out.filename = part.filename;
      out.file_content_type = part.content_type;
      have_file = true;
    } else if (part.name == "model") {
      out.model = value;
    } else if (part.name == "language") {
      out.language = value;
    } else if (part.name == "prompt") {
      out.prompt = value;
    } else if (part.name == "response_format") {
      if (value != "json" && value != "text" && value != "verbose_json" && value != "srt" &&
          value != "vtt")
        return fail(request_error("response_format must be json, text, verbose_json, srt or vtt.",
                                  "response_format", "invalid_value"));
      out.response_format = value;
    } else if (part.name == "temperature") {
      double t = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), t);
      if (ec != std::errc{} || end != value.data() + value.size())
        return fail(request_error("temperature must be a number.", "temperature", "invalid_type"));
      out.temperature = t;
    }
    // Other fields (timestamp_granularities[], stream, ...) are accepted and ignored.
  }
  if (out.model.empty())
    return fail(request_error("model is required.", "model", "missing_required_parameter"));
  if (!have_file || out.file.empty())
    return fail(request_error("file is required (the audio to transcribe).", "file",
                              "missing_required_parameter"));
  return out;
}

}  // namespace smp::gateway
