#pragma once
// What a ResponseWriter writes through: the connection's byte pipe, kept free of Asio types so
// the writer's framing does not depend on the stream type.
#include <string_view>

#include "base/error.hpp"
#include "http/task.hpp"

namespace smp::http::detail {

class ResponseChannel {
 public:
  virtual ~ResponseChannel() = default;
  // Writes the parts in order as one gather write. (Separate parameters rather than a list:
  // g++ 12 miscompiles initializer lists in coroutine frames.)
  virtual Task<Result<void>> write(std::string_view first, std::string_view second = {},
                                   std::string_view third = {}) = 0;
  virtual bool disconnected() const = 0;
  // False once the server is stopping: the response then carries Connection: close.
  virtual bool accepting_more_requests() const = 0;
};

}  // namespace smp::http::detail
