#include "emulator/stream_events.hpp"

#include <array>
#include <boost/json.hpp>

#include "aws/eventstream.hpp"

namespace smp::emulator {
namespace {

namespace es = aws::eventstream;

}  // namespace

std::string encode_payload_part(std::string_view bytes) {
  const std::array headers{es::Header::string(":event-type", "PayloadPart"),
                           es::Header::string(":content-type", "application/octet-stream"),
                           es::Header::string(":message-type", "event")};
  auto frame = es::encode_message(headers, bytes);
  return frame ? std::move(*frame) : std::string{};
}

std::string encode_model_stream_error(std::string_view error_code, std::string_view message) {
  const std::array headers{es::Header::string(":exception-type", "ModelStreamError"),
                           es::Header::string(":content-type", "application/json"),
                           es::Header::string(":message-type", "exception")};
  const std::string payload =
      boost::json::serialize(boost::json::object{{"Message", message}, {"ErrorCode", error_code}});
  auto frame = es::encode_message(headers, payload);
  return frame ? std::move(*frame) : std::string{};
}

std::string encode_internal_stream_failure(std::string_view message) {
  const std::array headers{es::Header::string(":exception-type", "InternalStreamFailure"),
                           es::Header::string(":content-type", "application/json"),
                           es::Header::string(":message-type", "exception")};
  const std::string payload = boost::json::serialize(boost::json::object{{"Message", message}});
  auto frame = es::encode_message(headers, payload);
  return frame ? std::move(*frame) : std::string{};
}

}  // namespace smp::emulator
