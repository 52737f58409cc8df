#pragma once
// One request/response exchange on an open connection: write the request, read the head, stream
// the body into the caller's sink. Internal to the http layer.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/detail/connection.hpp"

namespace smp::http::detail {

struct OutgoingRequest {
  beast::http::request<beast::http::string_body> message;
  std::string host;              // for error messages
  bool expects_no_body = false;  // HEAD
};

// Validates the caller's request and renders it for this route (origin-form, or absolute-form
// through an http proxy), adding Host, User-Agent and Content-Length.
Result<OutgoingRequest> prepare_request(HttpRequest request, const Route& route,
                                        const std::string& user_agent);

struct ExchangeResult {
  Result<ResponseHead> head;
  bool response_started = false;  // any response byte arrived: never retry
  bool reusable = false;          // the connection can go back to the pool
};

Task<ExchangeResult> exchange(Connection& connection, OutgoingRequest& request,
                              const Deadline& deadline, std::optional<std::size_t> body_limit,
                              const HeadHandler& on_head, const BodySink& on_body);

}  // namespace smp::http::detail
