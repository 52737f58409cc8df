#pragma once
// The event-stream messages of InvokeEndpointWithResponseStream (aws-wire.md §2.4), encoded with
// aws/eventstream.hpp: PayloadPart events and the two in-stream exceptions.
#include <string>
#include <string_view>

namespace smp::emulator {

// One PayloadPart message (headers :event-type PayloadPart, :content-type
// application/octet-stream, :message-type event); the payload is the raw bytes.
std::string encode_payload_part(std::string_view bytes);
// ModelStreamError / InternalStreamFailure exception messages with their JSON payloads
// ({"Message","ErrorCode"} / {"Message"}).
std::string encode_model_stream_error(std::string_view error_code, std::string_view message);
std::string encode_internal_stream_failure(std::string_view message);

}  // namespace smp::emulator
