#pragma once
// What kind of audio a file is, from its first bytes: the content type a Whisper container needs
// (user-needs.md §2.10) and the check that turns "this is not audio" into a clear error before a
// round trip to SageMaker.
#include <optional>
#include <string_view>

namespace smp::models {

// "audio/wav", "audio/mpeg", "audio/flac", "audio/ogg", "audio/mp4", "audio/webm", "audio/amr",
// or nullopt when the bytes start like none of them.
std::optional<std::string_view> sniff_audio_type(std::string_view bytes);

// The file name extension for a sniffed type ("wav", "mp3", …), for S3 keys.
std::string_view audio_extension(std::string_view mime_type);

}  // namespace smp::models
