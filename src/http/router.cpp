#include "http/router.hpp"

#include <stdexcept>

#include "http/url.hpp"

namespace smp::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

Task<void> default_not_found(ServerRequest& request, ResponseWriter& writer) {
  co_await writer.send(404, "no route for " + request.method + " " + request.path + "\n");
}

}  // namespace

Router& Router::add(std::string method, std::string_view pattern, Handler handler) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  }
  Route route{.method = std::move(method), .segments = {}, .handler = std::move(handler)};
  auto parts = split_path(pattern);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    Segment segment;
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      part = part.substr(1, part.size() - 2);
      segment.kind = Segment::Kind::param;
      if (part.ends_with('+')) {
        if (i + 1 != parts.size()) {
          throw std::invalid_argument("'{name+}' must be the last segment: " +
                                      std::string(pattern));
        }
        part.remove_suffix(1);
        segment.kind = Segment::Kind::rest;
      }
      if (part.empty()) throw std::invalid_argument("unnamed parameter in " + std::string(pattern));
    }
    segment.text = std::string(part);
    route.segments.push_back(std::move(segment));
  }
  routes_.push_back(std::move(route));
  return *this;
}

Router& Router::not_found(Handler handler) {
  not_found_ = std::move(handler);
  return *this;
}

bool Router::match_route(const Route& route, std::string_view path,
                         std::vector<std::pair<std::string, std::string>>& params) {
  params.clear();
  auto segments = split_path(path);
  std::size_t i = 0;
  for (const Segment& segment : route.segments) {
    if (segment.kind == Segment::Kind::rest) {
      if (i >= segments.size()) return false;
      // The rest of the raw path, from this segment on.
      std::size_t offset = static_cast<std::size_t>(segments[i].data() - path.data());
      std::string_view rest = path.substr(offset);
      if (rest.empty()) return false;
      auto decoded = percent_decode(rest);
      if (!decoded) return false;
      params.emplace_back(segment.text, std::move(*decoded));
      return true;
    }
    if (i >= segments.size()) return false;
    std::string_view actual = segments[i++];
    if (segment.kind == Segment::Kind::literal) {
      if (actual != segment.text) return false;
      continue;
    }
    if (actual.empty()) return false;
    auto decoded = percent_decode(actual);
    if (!decoded) return false;
    params.emplace_back(segment.text, std::move(*decoded));
  }
  return i == segments.size();
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  std::vector<std::pair<std::string, std::string>> params;
  for (const Route& route : routes_) {
    if (!match_route(route, path, params)) continue;
    if (route.method == "*" || route.method == method) {
      result.handler = &route.handler;
      result.params = std::move(params);
      result.allow.clear();
      return result;
    }
    if (result.allow.find(route.method) == std::string::npos) {
      if (!result.allow.empty()) result.allow += ", ";
      result.allow += route.method;
    }
  }
  return result;
}

Task<void> Router::operator()(ServerRequest& request, ResponseWriter& writer) const {
  Match found = match(request.method, request.path);
  if (found.handler) {
    request.path_params = std::move(found.params);
    co_await (*found.handler)(request, writer);
    co_return;
  }
  if (!found.allow.empty()) {
    HttpResponse response;
    response.status = 405;
    response.headers.add("Allow", found.allow);
    response.headers.add("Content-Type", "text/plain; charset=utf-8");
    response.body = "method " + request.method + " not allowed for " + request.path + "\n";
    co_await writer.send(std::move(response));
    co_return;
  }
  if (not_found_) {
    co_await not_found_(request, writer);
  } else {
    co_await default_not_found(request, writer);
  }
}

namespace {

// A plain function: its frame owns a reference to the router for as long as it runs.
Task<void> dispatch(std::shared_ptr<const Router> router, ServerRequest& request,
                    ResponseWriter& writer) {
  co_await (*router)(request, writer);
}

}  // namespace

Handler Router::handler() const {
  auto shared = std::make_shared<const Router>(*this);
  return [shared](ServerRequest& request, ResponseWriter& writer) {
    return dispatch(shared, request, writer);
  };
}

}  // namespace smp::http
