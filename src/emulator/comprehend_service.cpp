#include "emulator/comprehend_service.hpp"

#include <boost/json.hpp>

#include "emulator/json_request.hpp"
#include "emulator/language_detector.hpp"

namespace smp::emulator {
namespace {

constexpr std::size_t kMaxTextBytes = 100000;  // DetectDominantLanguage's documented limit

}  // namespace

HttpResponse ComprehendService::handle(const HttpRequest& request, std::string_view target,
                                       const Principal& caller, std::string_view request_id,
                                       RequestLogEntry& log) const {
  std::string_view operation = target;
  if (operation.starts_with(kComprehendTargetPrefix))
    operation.remove_prefix(kComprehendTargetPrefix.size());
  log.operation = std::string(operation);
  if (operation != "DetectDominantLanguage") {
    ServiceError e;
    e.code = "UnknownOperationException";
    e.message = "The emulator does not implement Comprehend " + std::string(operation) + ".";
    return render_error(Protocol::json_1_1, e, request_id);
  }
  const std::string action = "comprehend:DetectDominantLanguage";
  if (!caller.policy->allows(action, ResourceRef{"*", "*"})) {
    ServiceError e;
    e.code = "AccessDeniedException";
    e.message = "User: " + caller.arn + " is not authorized to perform: " + action +
                " because no identity-based policy allows the " + action + " action";
    return render_error(Protocol::json_1_1, e, request_id);
  }
  ServiceError error;
  const auto body = parse_json_body(request.body, error);
  if (!body) return render_error(Protocol::json_1_1, error, request_id);
  const auto* text = body->if_contains("Text");
  if (text == nullptr || text->is_null())
    return render_error(Protocol::json_1_1, validation_exception(null_member_message("text")),
                        request_id);
  if (!text->is_string()) {
    error.code = "SerializationException";
    error.message = "Text must be a string";
    return render_error(Protocol::json_1_1, error, request_id);
  }
  const auto& value = text->as_string();
  if (value.empty())
    return render_error(Protocol::json_1_1,
                        validation_exception("1 validation error detected: Value at 'text' failed "
                                             "to satisfy constraint: Member must have length "
                                             "greater than or equal to 1"),
                        request_id);
  if (value.size() > kMaxTextBytes) {
    error.code = "TextSizeLimitExceededException";
    error.message = "Input text size exceeds limit. Max length of request text allowed is " +
                    std::to_string(kMaxTextBytes) +
                    " bytes while in this request the text size is " +
                    std::to_string(value.size()) + " bytes";
    return render_error(Protocol::json_1_1, error, request_id);
  }
  boost::json::array languages;
  for (const auto& l : detect_languages(value))
    languages.push_back(boost::json::object{{"LanguageCode", l.code}, {"Score", l.score}});
  return json_1_1_response(boost::json::object{{"Languages", std::move(languages)}}, request_id);
}

}  // namespace smp::emulator
