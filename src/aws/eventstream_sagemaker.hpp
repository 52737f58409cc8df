#pragma once
// The SageMaker Runtime ResponseStream on top of the event-stream framing (aws-wire.md §2.4-2.5):
// the body of InvokeEndpointWithResponseStream is a sequence of PayloadPart events whose payload
// is raw container bytes, ended early by a ModelStreamError or InternalStreamFailure exception or
// an unmodeled error message.
//
// The SageMaker client feeds HTTP body chunks and receives PayloadPart byte views, stopping at
// the first error:
//
//   ResponseStreamDecoder stream;
//   for each body chunk:
//     if (auto ok = stream.feed(chunk, [&](std::string_view bytes) { framer.push(bytes); }); !ok)
//       return ok.error();                  // model / unavailable / protocol, never retryable
//   if (auto ok = stream.finish(); !ok) return ok.error();   // body ended mid-message
//
// Errors here are never retryable: they arrive after the response started, and nothing is
// retried after the first streamed byte (aws-wire.md §6.5).
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "aws/eventstream_decoder.hpp"
#include "aws/eventstream_message.hpp"
#include "base/error.hpp"

namespace smp::aws::eventstream {

// Raw container bytes; the message payload with no wrapping ("eventpayload" blob).
struct PayloadPart {
  std::string_view bytes;
};
// A well-formed event we do not use: initial-response, or an event type newer than this code.
struct IgnoredEvent {
  std::string_view event_type;
};
using ResponseStreamEvent = std::variant<PayloadPart, IgnoredEvent>;

// What one decoded message means. Errors:
//  - exception ModelStreamError: ErrorKind::model, code = its ErrorCode
//    ("ModelInvocationTimeExceeded", "StreamBroken"; "ModelStreamError" when absent), message =
//    its Message, details ExceptionType and ErrorCode;
//  - exception InternalStreamFailure: ErrorKind::unavailable, code "InternalStreamFailure";
//  - any other exception type or an error message (:error-code, :error-message): classified by
//    code like an HTTP error (aws/aws_error.hpp), detail ExceptionType or MessageType;
//  - a missing or unknown :message-type, or an event without :event-type: ErrorKind::protocol.
// Every error has retryable == false.
Result<ResponseStreamEvent> classify_response_stream_message(const Message& message);

class ResponseStreamDecoder {
 public:
  explicit ResponseStreamDecoder(Limits limits = {}) : decoder_(limits) {}

  // Pull style: feed a chunk (kept alive until next_part() returns nullopt), then take parts.
  void feed(std::string_view chunk) { decoder_.feed(chunk); }
  // The next PayloadPart's bytes (a view, valid until the next call); nullopt when the chunk is
  // used up. Ignored events are skipped. Errors are sticky.
  Result<std::optional<std::string_view>> next_part();

  // Push style: feeds `chunk` and calls on_part(std::string_view) for each PayloadPart in order.
  template <class OnPart>
  Result<void> feed(std::string_view chunk, OnPart&& on_part) {
    feed(chunk);
    while (true) {
      auto part = next_part();
      if (!part) return std::unexpected(std::move(part.error()));
      if (!*part) return {};
      on_part(**part);
    }
  }

  // At end of body: fails if the body stopped inside a message, or an error happened before.
  Result<void> finish() const;

  // True once any PayloadPart was handed out: from then on nothing may be retried.
  bool started() const { return parts_ > 0; }
  std::size_t parts() const { return parts_; }
  std::size_t payload_bytes() const { return payload_bytes_; }

 private:
  Decoder decoder_;
  std::optional<Error> failure_;
  std::size_t parts_ = 0;
  std::size_t payload_bytes_ = 0;
};

// Encoders for the emulator and tests: one complete message each, with the headers SageMaker
// sends (:event-type/:exception-type, :content-type, :message-type).
Result<std::string> encode_payload_part(std::string_view bytes);
Result<std::string> encode_model_stream_error(std::string_view message,
                                              std::string_view error_code);
Result<std::string> encode_internal_stream_failure(std::string_view message);
Result<std::string> encode_error_message(std::string_view error_code, std::string_view message);

}  // namespace smp::aws::eventstream
