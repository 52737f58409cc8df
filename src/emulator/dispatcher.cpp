// Emulator::Core::handle: the one entry point of every request. Reads the SigV4 claim, picks the
// service, verifies the signature, hands the request to the service and logs the outcome.
#include <boost/json.hpp>

#include "emulator/emulator_core.hpp"
#include "emulator/ids.hpp"
#include "emulator/query_params.hpp"
#include "emulator/service_router.hpp"

namespace smp::emulator {
namespace {

QueryParams sts_params(const HttpRequest& request, std::string_view query) {
  QueryParams params = QueryParams::parse(query);
  const auto type = request.headers.get("Content-Type");
  if (request.method == "POST" && type && type->starts_with("application/x-www-form-urlencoded")) {
    const QueryParams form = QueryParams::parse(request.body);
    for (const auto& [name, value] : form.pairs())
      params.add(name, value);
  }
  return params;
}

}  // namespace

HttpResponse Emulator::Core::admin(const HttpRequest& request, std::string_view path) {
  HttpResponse response;
  response.headers.add("Content-Type", "application/json");
  if (path == "/_emulator/requests" && request.method == "GET") {
    response.status = 200;
    response.body = log.to_json();
  } else if (path == "/_emulator/requests" && request.method == "DELETE") {
    log.clear();
    response.status = 200;
    response.body = R"({"cleared":true})";
  } else if (path == "/_emulator/health" && request.method == "GET") {
    response.status = 200;
    response.body = boost::json::serialize(boost::json::object{
        {"status", "ok"}, {"account", config.account}, {"endpoints", catalog->endpoints().size()}});
  } else {
    response.status = 404;
    response.body = R"({"message":"unknown emulator route"})";
  }
  return response;
}

std::optional<HttpResponse> Emulator::Core::serve_s3_sigv2(const HttpRequest& request,
                                                           const http::ServerRequest& raw,
                                                           const std::string& request_id,
                                                           RequestLogEntry& entry) {
  const auto presigned = parse_sigv2_query(QueryParams::parse(raw.query));
  if (!presigned) return std::nullopt;
  entry.identity = presigned->access_key_id;
  const auto host = request.headers.get("Host").value_or(std::string_view{});
  const auto target = s3_target(host, raw.path);
  // The canonical resource always names the bucket, also for virtual-host style requests.
  const std::string resource = target.virtual_host ? "/" + target.bucket + raw.path : raw.path;
  auto verified = authenticator.verify_s3_v2(request.method, resource, *presigned);
  if (!verified)
    return render_error(Protocol::s3_xml, auth_error(Protocol::s3_xml, verified.error().error),
                        request_id);
  entry.identity = verified->principal->arn;
  return s3.handle(request, target, *verified->principal, request_id, entry);
}

http::Task<void> Emulator::Core::handle(http::ServerRequest& server_request,
                                        http::ResponseWriter& writer) {
  const std::string request_id = make_request_id();
  RequestLogEntry entry;
  entry.request_id = request_id;
  entry.time = clock.now();
  entry.method = server_request.method;
  entry.path = server_request.path;
  entry.request_bytes = server_request.body.size();

  HttpRequest request;
  request.method = server_request.method;
  request.url = server_request.target;
  request.headers = std::move(server_request.headers);
  request.body = std::move(server_request.body);
  const std::string_view path = server_request.path;
  const RequestShape shape{request.method, path, server_request.query, &request.headers,
                           request.body};

  std::optional<HttpResponse> answer;
  bool logged = true;
  int streamed_status = 0;
  Service service = Service::unknown;
  const auto refuse = [&](Protocol protocol, const AuthError& error) {
    return render_error(protocol, auth_error(protocol, error), request_id);
  };

  auto claim = authenticator.claim(request);
  if (!claim) {
    service = classify_unsigned(shape);
    answer = refuse(protocol_of(service), claim.error().error);
  } else if (!claim->sigv4) {
    service = classify_unsigned(shape);
  } else {
    service = classify_signed(claim->sigv4->scope.service, shape);
    entry.region = claim->sigv4->scope.region;
    entry.identity = claim->sigv4->scope.access_key_id;
  }
  entry.service = std::string(log_name(service));
  entry.headers = redacted_headers(request.headers);
  const Protocol protocol = protocol_of(service);

  if (!answer && service == Service::admin) {
    answer = admin(request, path);
    logged = false;
  } else if (!answer && service == Service::runtime &&
             request.body.size() > config.max_body_bytes) {
    // The front door measures the body before anything else.
    std::string name;
    if (auto op = RuntimeService::operation_for_path(path, name))
      entry.operation = std::string(*op);
    entry.endpoint = name;
    answer = RuntimeService::payload_too_large(config.max_body_bytes, request_id);
  } else if (!answer && !claim->sigv4) {
    if (service == Service::s3) answer = serve_s3_sigv2(request, server_request, request_id, entry);
    if (service == Service::sts) {
      const auto params = sts_params(request, server_request.query);
      const auto action = params.get("Action");
      if (action && StsService::is_unsigned_action(*action))
        answer = sts.handle(params, nullptr, request_id, entry);
      else
        entry.operation = action ? std::string(*action) : std::string{};
    }
    if (!answer) answer = refuse(protocol, {AuthFailure::missing_token, {}, {}});
  } else if (!answer) {
    auto verified = authenticator.verify(request, *claim->sigv4);
    if (!verified) {
      answer = refuse(protocol, verified.error().error);
    } else {
      const Principal& caller = *verified->principal;
      entry.identity = caller.arn;
      const std::string region = verified->scope.region;
      const auto target = request.headers.get("X-Amz-Target").value_or(std::string_view{});
      switch (service) {
        case Service::sts:
          answer =
              sts.handle(sts_params(request, server_request.query), &caller, request_id, entry);
          break;
        case Service::s3: {
          const auto host = request.headers.get("Host").value_or(std::string_view{});
          answer = s3.handle(request, s3_target(host, path), caller, request_id, entry);
          break;
        }
        case Service::comprehend:
          answer = comprehend.handle(request, target, caller, request_id, entry);
          break;
        case Service::control_plane:
          answer = control_plane.handle(request, target, caller, region, request_id, entry);
          break;
        case Service::runtime: {
          auto planned = runtime.plan(request, path, caller, region, request_id, entry);
          if (auto* response = std::get_if<HttpResponse>(&planned)) {
            answer = std::move(*response);
          } else {
            streamed_status = co_await serve_invocation(std::get<InvocationPlan>(planned),
                                                        request_id, writer, entry);
          }
          break;
        }
        case Service::admin:
        case Service::unknown: {
          ServiceError e;
          e.code = "UnknownOperationException";
          e.message = "The emulator does not serve this request (service '" +
                      verified->scope.service + "', path " + std::string(path) + ").";
          answer = render_error(Protocol::json_1_1, e, request_id);
          break;
        }
      }
    }
  }

  if (answer) {
    answer->headers.set("Date", http_date(clock.now()));
    entry.status = answer->status;
    entry.error_code = error_code_of(*answer);
    entry.response_bytes = answer->body.size();
    co_await writer.send(std::move(*answer));
  } else {
    entry.status = streamed_status;
  }
  if (logged) log.append(std::move(entry));
}

}  // namespace smp::emulator
