#pragma once
// Dispatch by method and path pattern. Patterns are literal segments and parameters:
// "/endpoints/{name}/invocations" ("{name}" is one non-empty segment) and "/{bucket}/{key+}"
// ("{key+}", last only, takes the rest of the path, slashes included). Literal segments compare
// with the raw (percent-encoded) path; parameters are percent-decoded. The first route added
// that matches wins. No match: 404; a path that matches only with other methods: 405 + Allow.
// Build it before the server starts; it is read-only (and thread-safe) afterwards.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/server.hpp"

namespace smp::http {

class Router {
 public:
  // `method` "*" matches any method.
  Router& add(std::string method, std::string_view pattern, Handler handler);
  Router& get(std::string_view pattern, Handler handler) {
    return add("GET", pattern, std::move(handler));
  }
  Router& post(std::string_view pattern, Handler handler) {
    return add("POST", pattern, std::move(handler));
  }
  Router& put(std::string_view pattern, Handler handler) {
    return add("PUT", pattern, std::move(handler));
  }
  Router& del(std::string_view pattern, Handler handler) {
    return add("DELETE", pattern, std::move(handler));
  }
  // Replaces the default 404 answer.
  Router& not_found(Handler handler);

  struct Match {
    const Handler* handler = nullptr;  // nullptr: no route
    std::vector<std::pair<std::string, std::string>> params;
    std::string allow;  // methods of routes whose path matched, when handler is nullptr
  };
  Match match(std::string_view method, std::string_view path) const;

  // Dispatches: fills request.path_params and runs the matched handler.
  Task<void> operator()(ServerRequest& request, ResponseWriter& writer) const;
  // A Handler for Server that shares this router (copied; later changes are not seen).
  Handler handler() const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    enum class Kind { literal, param, rest } kind = Kind::literal;
  };
  struct Route {
    std::string method;
    std::vector<Segment> segments;
    Handler handler;
  };
  static bool match_route(const Route& route, std::string_view path,
                          std::vector<std::pair<std::string, std::string>>& params);

  std::vector<Route> routes_;
  Handler not_found_;
};

}  // namespace smp::http
