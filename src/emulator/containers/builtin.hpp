#pragma once
// Internal to the containers: the constructors make_container dispatches to, and the few helpers
// every container uses to read a JSON body and answer.
#include <boost/json/value.hpp>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/containers/container.hpp"

namespace smp::emulator::builtin {

std::unique_ptr<Container> make_vllm(const ContainerOptions& options);
std::unique_ptr<Container> make_lmi(const ContainerOptions& options);
std::unique_ptr<Container> make_tgi(const ContainerOptions& options);
std::unique_ptr<Container> make_tei(const ContainerOptions& options);
std::unique_ptr<Container> make_bge_m3(const ContainerOptions& options);
std::unique_ptr<Container> make_flag_reranker(const ContainerOptions& options);
std::unique_ptr<Container> make_qwen3_reranker(const ContainerOptions& options);
std::unique_ptr<Container> make_cosyvoice(const ContainerOptions& options);
std::unique_ptr<Container> make_whisper(const ContainerOptions& options);
std::unique_ptr<Container> make_funasr(const ContainerOptions& options);

// Where and why a body is not JSON: what each runtime's parser would report.
struct JsonSyntaxError {
  std::size_t offset = 0;  // byte offset of the first bad byte
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in bytes
  // Python json: "Expecting value: line 1 column 1 (char 0)".
  std::string python_message() const;
  // serde_json (TEI, TGI): "expected value at line 1 column 1".
  std::string serde_message() const;
};

// Parses a request body (an empty body is a syntax error at offset 0).
std::expected<boost::json::value, JsonSyntaxError> parse_json(std::string_view body);

InvocationOutput answer(int status, std::string content_type, std::string body);
inline InvocationOutput json_answer(int status, std::string body) {
  return answer(status, "application/json", std::move(body));
}

// A uuid4-looking string (8-4-4-4-12 hex) from the request's generator.
std::string uuid_text(std::uint64_t seed);

// The value of `name` in a SageMaker CustomAttributes string ("a=1,b=2" or "a=1;b=2").
std::string custom_attribute(std::string_view attributes, std::string_view name);

// DJL-Serving's answer when a Python handler raises: 424 {"code":424,"message":"prediction
// failure","error":"<the exception text>"}.
InvocationOutput djl_handler_error(std::string_view exception_text);

// FastAPI's answer to an exception nobody caught: 500, text/plain "Internal Server Error".
InvocationOutput fastapi_internal_error();

// FastAPI's HTTPException: {"detail": "..."} with the given status.
InvocationOutput fastapi_http_exception(int status, std::string_view detail);

// The SageMaker model server's (MMS) error body for a failed prediction, as the Hugging Face
// toolkit returns it: {"code": 400, "type": "InternalServerException", "message": "..."}.
InvocationOutput model_server_error(int status, std::string_view message);

// A non-negative decimal count ("12"), or nothing for an empty or malformed value.
std::optional<std::size_t> parse_count(std::string_view text);

}  // namespace smp::emulator::builtin
