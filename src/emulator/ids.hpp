#pragma once
// Identifiers the emulator hands out: request ids (UUID v4, as x-amzn-RequestId), temporary
// access key ids ("ASIA" + 16 base-32 characters, like STS), secrets and session tokens.
// Secrets and tokens come from the OS CSPRNG (they gate access, even locally); request ids only
// need to be unique.
#include <cstddef>
#include <string>

namespace smp::emulator {

std::string make_request_id();
// "ASIA" + 16 characters of [A-Z2-7].
std::string make_temporary_key_id();
// 40 characters of base64 ([A-Za-z0-9+/]), the shape of a real secret access key.
std::string make_secret_access_key();
// A long base64 token with '+', '/' and '=' in it, so clients' encoding of tokens gets exercised.
std::string make_session_token();
// `prefix` + n characters of [A-Z0-9] ("AIDA…", "AROA…" unique ids).
std::string make_unique_id(std::string_view prefix, std::size_t n);

}  // namespace smp::emulator
