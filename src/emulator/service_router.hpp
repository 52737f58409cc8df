#pragma once
// Which emulated service a request is for. Signed requests name it in their SigV4 credential
// scope ("sagemaker" splits into runtime and control plane by path / X-Amz-Target); unsigned
// ones are told apart by their shape (runtime paths, X-Amz-Target prefixes, STS Action
// parameters), and everything else is S3 (presigned and anonymous GETs).
#include <string_view>

#include "base/http_message.hpp"
#include "emulator/service_error.hpp"

namespace smp::emulator {

enum class Service { runtime, control_plane, sts, s3, comprehend, admin, unknown };

struct RequestShape {
  std::string_view method;
  std::string_view path;   // percent-encoded, as received
  std::string_view query;  // without '?'
  const Headers* headers = nullptr;
  std::string_view body;
};

Service classify_signed(std::string_view scope_service, const RequestShape& request);
Service classify_unsigned(const RequestShape& request);

Protocol protocol_of(Service service);
// The name the request log uses ("sagemaker-runtime", "sagemaker", "sts", "s3", "comprehend").
std::string_view log_name(Service service);

// Whether a form body or query carries an STS-style Action parameter.
bool has_query_action(std::string_view form_or_query);

}  // namespace smp::emulator
