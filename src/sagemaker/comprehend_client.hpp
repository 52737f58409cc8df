#pragma once
// Amazon Comprehend's DetectDominantLanguage: the language tag of CosyVoice's cross-lingual mode,
// as the seed plugin does it (user-needs.md F3). Optional: callers fall back to the script
// detector of models/audio/language_tag.hpp when Comprehend is not allowed.
#include <string>

#include "aws/endpoints.hpp"
#include "base/error.hpp"
#include "http/task.hpp"
#include "sagemaker/signed_sender.hpp"

namespace smp::sagemaker {

struct DominantLanguage {
  std::string code;  // "zh", "en", "ja", …
  double score = 0;
};

class ComprehendClient {
 public:
  ComprehendClient(SignedSender& sender, aws::ResolvedEndpoint endpoint, CallOptions options = {});

  // The most likely language of `text` (Comprehend reads at most 100 KB of it).
  http::Task<Result<DominantLanguage>> detect_dominant_language(std::string text);

 private:
  SignedSender& sender_;
  aws::ResolvedEndpoint endpoint_;
  CallOptions options_;
};

}  // namespace smp::sagemaker
