#pragma once
// ${VAR} expansion for configuration values, after YAML parsing (per scalar), so a variable's
// value can never change the structure of the file. "${VAR:-fallback}" uses the fallback when
// VAR is unset or empty; "$$" is a literal "$"; a lone "$" stays as it is. A missing variable
// without fallback is an error naming it: a key that silently became "" would leave a gateway
// open or pointing nowhere.
#include <string>
#include <string_view>

#include "base/environment.hpp"
#include "base/error.hpp"

namespace smp::gateway {

Result<std::string> expand_variables(std::string_view text, const Environment& environment);

}  // namespace smp::gateway
