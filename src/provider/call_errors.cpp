#include "provider/call_errors.hpp"

#include <string>

namespace smp::provider {

Error with_format_hint(Error error, std::string_view format) {
  const std::string* status = error.detail("OriginalStatusCode");
  if (error.kind != ErrorKind::model || !status || !status->starts_with("4")) return error;
  error.message += " (request sent as payload_format " + std::string(format) +
                   "; check that the container speaks it)";
  error.with_detail("payload_format", std::string(format));
  return error;
}

}  // namespace smp::provider
