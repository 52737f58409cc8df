#pragma once
// Speech to text (user-needs.md §2.10–§2.11, issue 4 item 6). The format comes from
// payload_format: `whisper` posts the audio itself (content type from its magic bytes, at most
// 6 MiB); `funasr` puts it into audio_s3_cache_bucket under dify/speech2text/<id>.<ext> and
// sends {"bucket_name","s3_key"}; `auto` (the default) is funasr when a bucket is configured,
// whisper otherwise — what the seed plugin's two routes amount to.
#include <memory>
#include <string>

#include "base/error.hpp"
#include "http/task.hpp"
#include "models/audio/transcription_codec.hpp"
#include "provider/model_config.hpp"
#include "sagemaker/connection.hpp"

namespace smp::provider {

// The transcription format of a speech2text config (invalid_argument for an unknown one, or for
// funasr without a bucket).
Result<models::TranscriptionFormat> transcription_format(const ModelConfig& config);

// `upload_id` names the S3 object of the funasr route (a random id per call).
http::Task<Result<models::Transcript>> transcribe_audio(sagemaker::Connection& connection,
                                                        const ModelConfig& config,
                                                        std::string audio, std::string upload_id);

}  // namespace smp::provider
