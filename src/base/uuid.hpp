#pragma once
// Random (version 4) UUIDs for request and invocation ids. Not for secrets.
#include <string>

namespace smp {

// "3f2b8c1e-9a4d-4f6e-8b2a-1c5d7e9f0a3b": 8-4-4-4-12 lowercase hex, version 4, RFC 4122 variant.
std::string random_uuid();

}  // namespace smp
