// libFuzzer target for the gateway's parsers of client bytes: OpenAI chat, completions,
// embeddings, rerank and speech bodies, multipart uploads (transcriptions) and the API key
// headers. The first byte picks the parser; the rest is the body. Every failure must be an
// invalid_argument that maps to a 400 envelope (never another status, never an exception).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gateway/api_keys.hpp"
#include "gateway/multipart.hpp"
#include "gateway/openai_chat_request.hpp"
#include "gateway/openai_error.hpp"
#include "gateway/openai_requests.hpp"
#include "gateway/openai_responses.hpp"

namespace {

using namespace smp::gateway;

template <class R>
void expect_400(const R& result) {
  if (result) return;
  if (result.error().kind != smp::ErrorKind::invalid_argument) std::abort();
  if (api_error(result.error()).status != 400) std::abort();
  (void)render_error_body(api_error(result.error()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 8) {
    case 0: {
      auto r = parse_chat_completion_request(body);
      expect_400(r);
      if (r) {
        // A parsed request renders a reply without trouble.
        smp::models::ChatResult result;
        result.content = r->model;
        (void)render_chat_completion({"id", 0, r->model}, result);
      }
      break;
    }
    case 1:
      expect_400(parse_completion_request(body));
      break;
    case 2:
      expect_400(parse_embeddings_request(body));
      break;
    case 3:
      expect_400(parse_rerank_request(body));
      break;
    case 4:
      expect_400(parse_speech_request(body));
      break;
    case 5:
      expect_400(parse_transcription_request("multipart/form-data; boundary=XyZ", body));
      break;
    case 6: {
      // The Content-Type header itself is client bytes too.
      const auto newline = body.find('\n');
      const auto content_type = body.substr(0, newline);
      const auto rest =
          newline == std::string_view::npos ? std::string_view{} : body.substr(newline + 1);
      if (auto boundary = multipart_boundary(content_type)) {
        auto parts = parse_multipart(rest, *boundary);
        if (parts) {
          for (const auto& part : *parts) {
            // Part bodies are views into the request body.
            if (part.body.data() < rest.data() ||
                part.body.data() + part.body.size() > rest.data() + rest.size())
              std::abort();
          }
        }
      }
      break;
    }
    case 7: {
      smp::Headers headers;
      const auto half = body.size() / 2;
      headers.add("Authorization", std::string(body.substr(0, half)));
      headers.add("x-api-key", std::string(body.substr(half)));
      static const ApiKeys keys({{"sk-fuzz-key-0001", "k", {"m"}}});
      auto key = keys.authenticate(headers);
      if (key && !*key) std::abort();
      break;
    }
  }
  return 0;
}
