#pragma once
// Base64 (RFC 4648 §4, with padding) for Proxy-Authorization: Basic.
#include <string>
#include <string_view>

namespace smp::http::detail {

std::string base64_encode(std::string_view in);

}  // namespace smp::http::detail
