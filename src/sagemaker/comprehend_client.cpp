#include "sagemaker/comprehend_client.hpp"

#include <boost/json.hpp>

#include "aws/aws_error.hpp"

namespace smp::sagemaker {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxTextBytes = 100 * 1000;

// Cuts at most `max` bytes off the front of `text` at a UTF-8 character boundary.
std::string utf8_prefix(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  text.resize(end);
  return text;
}

}  // namespace

ComprehendClient::ComprehendClient(SignedSender& sender, aws::ResolvedEndpoint endpoint,
                                   CallOptions options)
    : sender_(sender), endpoint_(std::move(endpoint)), options_(options) {}

http::Task<Result<DominantLanguage>> ComprehendClient::detect_dominant_language(std::string text) {
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint_.url + "/";
  request.headers.set("Content-Type", "application/x-amz-json-1.1");
  request.headers.set("X-Amz-Target", "Comprehend_20171127.DetectDominantLanguage");
  request.body =
      json::serialize(json::object{{"Text", utf8_prefix(std::move(text), kMaxTextBytes)}});
  auto exchange =
      co_await sender_.send(std::move(request), endpoint_, aws::ErrorProtocol::json, options_);
  if (!exchange) co_return fail(std::move(exchange.error()));

  boost::system::error_code ec;
  const json::value reply = json::parse(exchange->response.body, ec);
  const json::array* languages = nullptr;
  if (!ec && reply.is_object())
    if (const json::value* list = reply.as_object().if_contains("Languages");
        list && list->is_array())
      languages = &list->as_array();
  if (languages == nullptr)
    co_return fail(ErrorKind::protocol, "UnexpectedReply",
                   "Comprehend DetectDominantLanguage answered without a Languages list");
  DominantLanguage best;
  for (const json::value& entry : *languages) {
    if (!entry.is_object()) continue;
    const json::value* code = entry.as_object().if_contains("LanguageCode");
    const json::value* score = entry.as_object().if_contains("Score");
    if (code == nullptr || !code->is_string() || score == nullptr || !score->is_number()) continue;
    const double value = score->to_number<double>();
    if (best.code.empty() || value > best.score) best = {std::string(code->as_string()), value};
  }
  if (best.code.empty())
    co_return fail(ErrorKind::protocol, "UnexpectedReply",
                   "Comprehend DetectDominantLanguage found no language in the text");
  co_return best;
}

}  // namespace smp::sagemaker
