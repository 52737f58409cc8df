#pragma once
// The emulator's state and its request handler (internal to the emulator module). The members
// are declared in dependency order: the services keep references to what comes before them.
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "emulator/authenticator.hpp"
#include "emulator/comprehend_service.hpp"
#include "emulator/control_plane_service.hpp"
#include "emulator/emulator.hpp"
#include "emulator/endpoint_catalog.hpp"
#include "emulator/principals.hpp"
#include "emulator/request_log.hpp"
#include "emulator/runtime_service.hpp"
#include "emulator/s3_service.hpp"
#include "emulator/s3_store.hpp"
#include "emulator/sts_service.hpp"
#include "http/client.hpp"
#include "http/server.hpp"

namespace smp::emulator {

struct Emulator::Core {
  Core(EmulatorConfig config, const Clock& clock, std::unique_ptr<EndpointCatalog> catalog);

  EmulatorConfig config;
  const Clock& clock;
  CredentialStore credentials;
  RequestLog log;
  S3Store s3_store;
  std::unique_ptr<EndpointCatalog> catalog;
  Authenticator authenticator;
  StsService sts;
  S3Service s3;
  ComprehendService comprehend;
  ControlPlaneService control_plane;
  RuntimeService runtime;

  std::unique_ptr<http::Server> server;
  std::unique_ptr<http::Client> client;  // forwards to `url:` backends
  std::string base_url;
  std::once_flag stopped;

  // The server's handler: authenticate, route, answer, log.
  http::Task<void> handle(http::ServerRequest& request, http::ResponseWriter& writer);

  // Runtime invocations: call the backend, apply latency and faults, write the answer.
  http::Task<int> serve_invocation(InvocationPlan& plan, const std::string& request_id,
                                   http::ResponseWriter& writer, RequestLogEntry& log);
  http::Task<InvocationOutput> call_backend(const InvocationPlan& plan);

  // S3 GETs presigned with the legacy SigV2 query; nullopt when the query carries none.
  std::optional<HttpResponse> serve_s3_sigv2(const HttpRequest& request,
                                             const http::ServerRequest& raw,
                                             const std::string& request_id, RequestLogEntry& entry);

  // GET/DELETE /_emulator/requests, GET /_emulator/health.
  HttpResponse admin(const HttpRequest& request, std::string_view path);

  // S3 presigned URLs for containers (CosyVoice) and reading them back (FunASR).
  Result<std::string> presign_get(std::string_view bucket, std::string_view key,
                                  std::chrono::seconds expires_in) const;
  Result<std::string> read_presigned(std::string_view url) const;
};

}  // namespace smp::emulator
