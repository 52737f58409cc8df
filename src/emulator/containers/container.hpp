#pragma once
// The contract between the emulator's runtime routes and the built-in model containers.
//
// A container is what sits behind `POST /invocations` inside a real SageMaker endpoint: it sees the
// request body and the content headers SageMaker forwards, and answers with a status, a content
// type and bytes. It knows nothing of SigV4, event streams or SageMaker's error envelope: the
// emulator wraps a non-2xx answer into ModelError (424, OriginalStatusCode/OriginalMessage) and
// cuts a streamed answer into PayloadPart events (see emulator/chunking.hpp).
//
// Threading: a Container is immutable after construction; invoke() may run concurrently from any
// number of threads. Everything per request travels in InvocationInput and ContainerContext.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace smp::emulator {

// What SageMaker hands the container (InvokeEndpoint / InvokeEndpointWithResponseStream).
struct InvocationInput {
  std::string body;
  std::string content_type;         // Content-Type of the invocation ("application/json", ...)
  std::string accept;               // Accept / X-Amzn-SageMaker-Accept; may be empty
  std::string custom_attributes;    // X-Amzn-SageMaker-Custom-Attributes, verbatim
  std::string target_variant;       // the variant that serves this call
  std::string inference_component;  // X-Amzn-SageMaker-Inference-Component; may be empty
  bool streaming = false;           // true on /invocations-response-stream
};

// A failure after some streamed bytes were already sent: the emulator sends the first
// `after_records` records (cut into parts as usual) and then a ModelStreamError event.
struct StreamFailure {
  std::size_t after_records = 0;
  std::string error_code = "ModelInvocationTimeExceeded";  // or "StreamBroken"
  std::string message = "The model failed to finish sending the response within the timeout.";
};

// Exactly one of `body` and `stream_records` carries the answer. A container streams when the
// request body asks for it ("stream": true), whichever route was called, as real containers do:
// on /invocations the emulator returns joined_stream() as the body; on the streaming route it
// sends a one-document `body` as parts like any other bytes.
struct InvocationOutput {
  int status = 200;          // the container's HTTP status; non-2xx becomes ModelError (424)
  std::string content_type;  // of `body`, or of the stream ("text/event-stream", jsonlines)
  std::string body;          // the whole answer (non-streaming, and every error answer)
  // Streaming answers: the container's byte stream as the list of writes it made, in order.
  // Concatenated they are the exact bytes a client reassembles; where the parts are cut is the
  // emulator's business (records may share a part or be split, see chunking.hpp).
  std::vector<std::string> stream_records;
  bool streamed() const { return !stream_records.empty(); }
  std::optional<StreamFailure> stream_failure;
  std::string custom_attributes;  // returned as X-Amzn-SageMaker-Custom-Attributes when set

  bool ok() const { return status >= 200 && status < 300; }
  // The streamed bytes joined (tests, and the emulator when a stream request hits a
  // container that answered with one document).
  std::string joined_stream() const;
};

// The emulated S3 as containers need it (CosyVoice writes its audio and returns a presigned URL,
// FunASR reads the uploaded audio). Implemented by the emulator's S3 service; thread-safe.
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  virtual Result<void> put_object(std::string_view bucket, std::string_view key, std::string body,
                                  std::string_view content_type) = 0;
  virtual Result<std::string> get_object(std::string_view bucket, std::string_view key) = 0;
  // A presigned GET URL for the object that a plain HTTP client can fetch from the emulator.
  virtual Result<std::string> presign_get(std::string_view bucket, std::string_view key,
                                          std::chrono::seconds expires_in) = 0;
  // The bytes behind a URL this store presigned (FunASR `audio_s3_presign_uri`, CosyVoice
  // `prompt_audio`). Fails with not_found for a URL that is not ours or has expired.
  virtual Result<std::string> get_presigned(std::string_view url) = 0;
};

// Per-invocation facts a container may use. All of it is deterministic for a given request so
// golden tests can compare exact bytes.
struct ContainerContext {
  ObjectStore* object_store = nullptr;  // null: containers that need S3 answer 500
  std::uint64_t seed = 0;               // varies ids ("chatcmpl-…") and object keys per request
  std::int64_t unix_time = 0;           // "created" fields; the emulator passes its clock's now
  std::string endpoint_name;
};

// Deploy-time settings of one container (the endpoint's `backend:` block in the emulator config,
// like the environment variables of a real container). Unknown keys go to `extra`.
struct ContainerOptions {
  // Served model name (vLLM `--served-model-name`, echoed as "model"); empty: the kind's default.
  std::string model_id;
  // vLLM's reasoning field name: "reasoning" (vLLM >= 0.11) or "reasoning_content" (older).
  std::string reasoning_field = "reasoning";
  // Embedding width (bge-m3 and TEI default to 1024).
  std::size_t embedding_dimensions = 1024;
  // TEI's --max-client-batch-size; more inputs or texts answer 413.
  std::size_t max_client_batch_size = 32;
  // LMI stream framing for the `inputs` schema: "jsonlines" (default) or "sse" (data: no space).
  std::string lmi_output_formatter = "jsonlines";
  // TEI's model type: "embed", "rerank", or empty to choose by request shape (query+texts).
  std::string task;
  // TEI --max-input-length: longer inputs answer 413 unless "truncate": true.
  std::size_t max_input_tokens = 512;
  // LMI OPTION_TGI_COMPAT: non-stream `inputs` answers become a one-element array.
  bool lmi_tgi_compat = false;
  // CosyVoice MODEL_DIR ("CosyVoice-300M-SFT", "CosyVoice-300M", "CosyVoice-300M-Instruct");
  // empty accepts every mode, which is what the no-config demo wants.
  std::string cosyvoice_model_dir;
  // Bucket CosyVoice writes to (hard-coded in the real inference.py).
  std::string output_bucket = "sagemaker-emulator-tts";
  // Audio container format CosyVoice writes: "mp3" (as the real one) or "wav".
  std::string tts_format = "mp3";
  std::map<std::string, std::string, std::less<>> extra;
};

class Container {
 public:
  virtual ~Container() = default;
  // Never throws on bad input: bad bytes become the container's own 4xx answer.
  virtual InvocationOutput invoke(const InvocationInput& input,
                                  ContainerContext& context) const = 0;
  // The kind name used in configuration ("vllm", "tei", ...).
  virtual std::string_view kind() const = 0;
};

// The kinds make_container knows, in documentation order.
const std::vector<std::string_view>& container_kinds();

// A built-in container; fails with invalid_argument for an unknown kind or a malformed setting.
// Settings may also arrive as strings in `options.extra` under the field names above (task,
// model_id, reasoning_field, embedding_dimensions, max_client_batch_size, max_input_tokens,
// lmi_output_formatter, lmi_tgi_compat, cosyvoice_model_dir or model_dir, output_bucket,
// tts_format), as a YAML config naturally gives them; they override the typed fields.
Result<std::unique_ptr<Container>> make_container(std::string_view kind,
                                                  const ContainerOptions& options = {});

}  // namespace smp::emulator
