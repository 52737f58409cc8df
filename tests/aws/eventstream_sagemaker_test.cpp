// The SageMaker ResponseStream layer: message classification, the §2.6(4) vectors byte for byte,
// and the part-by-part consumer API in every split.
#include "aws/eventstream_sagemaker.hpp"

#include <gtest/gtest.h>

#include "aws/eventstream_test_support.hpp"

namespace smp::aws::eventstream {
namespace {

using namespace testing;

// Decodes one complete message and classifies it. Events are views into `bytes`, so a
// temporary would dangle: callers keep the bytes in a variable.
Result<ResponseStreamEvent> classify(std::string&& bytes) = delete;
Result<ResponseStreamEvent> classify(const std::string& bytes) {
  Decoder decoder;
  decoder.feed(bytes);
  auto message = decoder.next();
  EXPECT_TRUE(message && *message);
  return classify_response_stream_message(**message);
}

std::string encode(std::initializer_list<Header> headers, std::string_view payload = "") {
  return encode_message(std::vector<Header>(headers), payload).value();
}

TEST(SageMakerStream, PayloadPartVector) {
  const std::string event_bytes = from_hex(payload_part_hex);
  auto event = classify(event_bytes);
  ASSERT_TRUE(event);
  ASSERT_TRUE(std::holds_alternative<PayloadPart>(*event));
  EXPECT_EQ(std::get<PayloadPart>(*event).bytes, "data:{\"token\":{\"text\":\" Hi\"}}\n\n");
}

TEST(SageMakerStream, ModelStreamErrorVector) {
  const std::string event_bytes = from_hex(model_stream_error_hex);
  auto event = classify(event_bytes);
  ASSERT_FALSE(event);
  const Error& e = event.error();
  EXPECT_EQ(e.kind, ErrorKind::model);
  EXPECT_EQ(e.code, "ModelInvocationTimeExceeded");
  EXPECT_EQ(e.message, "Model timed out");
  EXPECT_FALSE(e.retryable);
  ASSERT_NE(e.detail("ExceptionType"), nullptr);
  EXPECT_EQ(*e.detail("ExceptionType"), "ModelStreamError");
}

TEST(SageMakerStream, ErrorMessageVector) {
  const std::string event_bytes = from_hex(error_message_hex);
  auto event = classify(event_bytes);
  ASSERT_FALSE(event);
  EXPECT_EQ(event.error().code, "InternalFailure");
  EXPECT_EQ(event.error().message, "boom");
  EXPECT_EQ(event.error().kind, ErrorKind::unavailable);
  EXPECT_FALSE(event.error().retryable);  // InternalFailure is retryable over HTTP, not in-stream
}

TEST(SageMakerStream, InternalStreamFailureIsUnavailableAndNotRetried) {
  const std::string event_bytes = encode_internal_stream_failure("Try your request again").value();
  auto event = classify(event_bytes);
  ASSERT_FALSE(event);
  EXPECT_EQ(event.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(event.error().code, "InternalStreamFailure");
  EXPECT_EQ(event.error().message, "Try your request again");
  EXPECT_FALSE(event.error().retryable);
}

TEST(SageMakerStream, EncodersReproduceTheVectorsByteForByte) {
  EXPECT_EQ(to_hex(encode_payload_part("data:{\"token\":{\"text\":\" Hi\"}}\n\n").value()),
            payload_part_hex);
  EXPECT_EQ(
      to_hex(encode_model_stream_error("Model timed out", "ModelInvocationTimeExceeded").value()),
      model_stream_error_hex);
  EXPECT_EQ(to_hex(encode_error_message("InternalFailure", "boom").value()), error_message_hex);
}

TEST(SageMakerStream, IgnoredAndMalformedMessages) {
  const std::string initial_bytes = encode(
      {Header::string(":message-type", "event"), Header::string(":event-type", "initial-response")},
      "{}");
  auto initial = classify(initial_bytes);
  ASSERT_TRUE(initial);
  EXPECT_EQ(std::get<IgnoredEvent>(*initial).event_type, "initial-response");

  const std::string future_bytes =
      encode({Header::string(":message-type", "event"), Header::string(":event-type", "NewThing")});
  auto future = classify(future_bytes);
  ASSERT_TRUE(future);
  EXPECT_TRUE(std::holds_alternative<IgnoredEvent>(*future));

  const std::string unknown_bytes = encode({Header::string(":message-type", "surprise")});
  auto unknown = classify(unknown_bytes);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::protocol);
  EXPECT_NE(unknown.error().message.find("surprise"), std::string::npos);

  const std::string missing_bytes = encode({Header::string(":event-type", "PayloadPart")}, "x");
  auto missing = classify(missing_bytes);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::protocol);

  const std::string wrong_type_bytes = encode({Header::int32(":message-type", 1)});
  auto wrong_type = classify(wrong_type_bytes);
  ASSERT_FALSE(wrong_type);
  EXPECT_EQ(wrong_type.error().kind, ErrorKind::protocol);

  const std::string no_event_type_bytes = encode({Header::string(":message-type", "event")}, "x");
  auto no_event_type = classify(no_event_type_bytes);
  ASSERT_FALSE(no_event_type);
  EXPECT_EQ(no_event_type.error().kind, ErrorKind::protocol);
}

TEST(SageMakerStream, OtherExceptionsAreClassifiedByTheirType) {
  const std::string throttled_bytes =
      encode({Header::string(":message-type", "exception"),
              Header::string(":exception-type", "ThrottlingException")},
             R"({"message":"slow down"})");
  auto throttled = classify(throttled_bytes);
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().kind, ErrorKind::throttled);
  EXPECT_EQ(throttled.error().message, "slow down");
  EXPECT_FALSE(throttled.error().retryable);

  const std::string not_json_bytes = encode({Header::string(":message-type", "exception"),
                                             Header::string(":exception-type", "ModelStreamError")},
                                            "container went away");
  auto not_json = classify(not_json_bytes);
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().kind, ErrorKind::model);
  EXPECT_EQ(not_json.error().code, "ModelStreamError");
  EXPECT_EQ(not_json.error().message, "container went away");
}

// part, ignored, part, part, ModelStreamError, part: the consumer sees three parts, then the
// error; the part after the error never comes out.
std::string mixed_stream() {
  std::string s;
  s += encode_payload_part("alpha ").value();
  s += encode({Header::string(":message-type", "event"),
               Header::string(":event-type", "initial-response")});
  s += encode_payload_part("").value();
  s += encode_payload_part("gamma").value();
  s += encode_model_stream_error("Model timed out", "ModelInvocationTimeExceeded").value();
  s += encode_payload_part("never").value();
  return s;
}

struct Collected {
  std::vector<std::string> parts;
  std::optional<Error> error;
};

Collected collect(std::string_view stream, std::size_t step) {
  Collected out;
  ResponseStreamDecoder decoder;
  for (std::size_t begin = 0; begin < stream.size(); begin += step) {
    const std::string chunk(stream.substr(begin, step));
    auto fed = decoder.feed(chunk, [&](std::string_view bytes) { out.parts.emplace_back(bytes); });
    if (!fed) {
      out.error = fed.error();
      return out;
    }
  }
  if (auto done = decoder.finish(); !done) out.error = done.error();
  return out;
}

TEST(SageMakerStream, ConsumerGetsPartsUntilTheFirstErrorInEverySplit) {
  const std::string stream = mixed_stream();
  for (std::size_t step :
       {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{100}, stream.size()}) {
    SCOPED_TRACE(step);
    const Collected c = collect(stream, step);
    EXPECT_EQ(c.parts, (std::vector<std::string>{"alpha ", "", "gamma"}));
    ASSERT_TRUE(c.error);
    EXPECT_EQ(c.error->code, "ModelInvocationTimeExceeded");
  }
}

TEST(SageMakerStream, PullStyleAndProgressCounters) {
  const std::string stream =
      encode_payload_part("one").value() + encode_payload_part("two!").value();
  ResponseStreamDecoder decoder;
  EXPECT_FALSE(decoder.started());
  decoder.feed(stream);
  auto first = decoder.next_part();
  ASSERT_TRUE(first && *first);
  EXPECT_EQ(**first, "one");
  EXPECT_TRUE(decoder.started());
  auto second = decoder.next_part();
  ASSERT_TRUE(second && *second);
  EXPECT_EQ(**second, "two!");
  auto end = decoder.next_part();
  ASSERT_TRUE(end);
  EXPECT_FALSE(*end);
  EXPECT_EQ(decoder.parts(), 2u);
  EXPECT_EQ(decoder.payload_bytes(), 7u);
  EXPECT_TRUE(decoder.finish());
}

TEST(SageMakerStream, TruncatedBodyIsAProtocolErrorAtFinish) {
  const std::string part = encode_payload_part("hello").value();
  const Collected c = collect(part + part.substr(0, part.size() - 1), 5);
  EXPECT_EQ(c.parts, (std::vector<std::string>{"hello"}));
  ASSERT_TRUE(c.error);
  EXPECT_EQ(c.error->kind, ErrorKind::protocol);
  EXPECT_EQ(c.error->code, errc::truncated);
}

TEST(SageMakerStream, CorruptFramingStopsTheStream) {
  std::string stream = encode_payload_part("ok").value() + encode_payload_part("bad").value();
  stream[stream.size() - 6] ^= 0x01;  // flip a payload bit of the second message
  const Collected c = collect(stream, 3);
  EXPECT_EQ(c.parts, (std::vector<std::string>{"ok"}));
  ASSERT_TRUE(c.error);
  EXPECT_EQ(c.error->code, errc::message_checksum);
}

}  // namespace
}  // namespace smp::aws::eventstream
