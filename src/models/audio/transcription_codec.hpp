#pragma once
// Speech-to-text container bodies:
//
//   whisper  request: the raw audio bytes, Content-Type from the file's magic bytes
//            (user-needs.md §2.10); reply {"text":…,"chunks":[{"timestamp":[s,e],"text":…}]}
//   funasr   request: {"bucket_name":b,"s3_key":k} after the audio was put into S3 (§2.11);
//            reply {"text":…}, or {"error":"No valid input passed."} with HTTP 200
//
// A direct invocation carries at most 6 MiB (aws-wire.md §1); larger audio has to travel through
// S3, and the error says so instead of letting SageMaker answer 413.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace smp::models {

enum class TranscriptionFormat { whisper, funasr };

std::string_view to_string(TranscriptionFormat format);
// "whisper" (also "auto" and ""), "funasr".
Result<TranscriptionFormat> parse_transcription_format(std::string_view name);

inline constexpr std::size_t kMaxInvokeBytes = 6 * 1024 * 1024;

// The content type to send `audio` with directly; invalid_argument when it is not audio, or when
// it is over kMaxInvokeBytes (naming the S3 route: funasr with audio_s3_cache_bucket).
Result<std::string> direct_audio_content_type(std::string_view audio);

// "dify/speech2text/<id>.<ext>", the key layout the seed plugin's users already grant S3 access to.
std::string speech_upload_key(std::string_view id, std::string_view extension);
std::string build_funasr_request(std::string_view bucket, std::string_view key);

struct TranscriptSegment {
  double start = 0;
  double end = 0;
  std::string text;
};

struct Transcript {
  std::string text;
  std::vector<TranscriptSegment> segments;  // whisper with timestamps; empty otherwise
};

Result<Transcript> parse_transcription_response(TranscriptionFormat format, std::string_view body);

}  // namespace smp::models
