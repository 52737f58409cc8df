#pragma once
// multipart/form-data (RFC 7578 over RFC 2046 §5.1): the parts of a form upload. Used for
// /v1/audio/transcriptions. Bodies are complete (the server bounds their size), so this is a
// plain scan over the bytes; part bodies are views into the request body.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace smp::gateway {

struct FormPart {
  std::string name;      // Content-Disposition name
  std::string filename;  // Content-Disposition filename (file fields)
  std::string content_type;
  std::string_view body;
};

// The boundary parameter of a multipart/form-data Content-Type; nullopt otherwise.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// invalid_argument errors for a body that does not follow the boundary structure.
Result<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace smp::gateway
