#pragma once
// Last line of defence for "never a secret in an error message": messages that quote a peer's
// answer (an STS error text, a proxy's error page that echoes the request) get every known
// secret of the call replaced by "[redacted]" before they leave the credentials code.
#include <initializer_list>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace smp::aws {

// Replaces each non-empty secret (shorter ones are ignored: they would match ordinary words) in
// the message and every detail value.
void redact_secrets(Error& error, std::initializer_list<std::string_view> secrets);

}  // namespace smp::aws
