#include "dify/dify_main.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>

#include "dify/protocol.hpp"
#include "dify/transports.hpp"
#include "http/blocking_transport.hpp"
#include "http/client.hpp"
#include "http/url.hpp"
#include "provider/provider.hpp"

namespace smp::dify {

namespace {

// The blocking transport (STS, IMDS) starts a thread and a client: built on first use, so a
// runtime that only ever sees static keys, and every runtime's start, pays nothing for it.
aws::HttpTransport lazy_blocking_transport() {
  struct Lazy {
    std::once_flag once;
    aws::HttpTransport transport;
  };
  auto lazy = std::make_shared<Lazy>();
  return [lazy](const HttpRequest& request, const aws::TransportOptions& options) {
    std::call_once(lazy->once, [&] { lazy->transport = http::make_blocking_transport(); });
    return lazy->transport(request, options);
  };
}

std::string env_or(const Environment& env, std::string_view name, std::string fallback) {
  auto v = env.get(name);
  return v ? *v : std::move(fallback);
}

bool parse_port(const std::string& text, std::uint16_t& port) {
  try {
    const int v = std::stoi(text);
    if (v <= 0 || v > 65535) return false;
    port = static_cast<std::uint16_t>(v);
    return true;
  } catch (...) {
    return false;
  }
}

// REMOTE_INSTALL_URL: "host:port" or "scheme://host:port".
bool parse_remote_url(std::string url, RemoteOptions& out) {
  if (auto scheme = url.find("://"); scheme != std::string::npos) url = url.substr(scheme + 3);
  if (auto slash = url.find('/'); slash != std::string::npos) url.resize(slash);
  const auto colon = url.rfind(':');
  if (colon == std::string::npos) {
    out.host = url;
    return !url.empty();
  }
  out.host = url.substr(0, colon);
  if (out.host.size() > 2 && out.host.front() == '[' && out.host.back() == ']')
    out.host = out.host.substr(1, out.host.size() - 2);
  return !out.host.empty() && parse_port(url.substr(colon + 1), out.port);
}

}  // namespace

int run_dify(DifyOptions options) {
  // First thing: the parent whose death ends a local runtime (read before any slow setup).
  const int parent_pid = static_cast<int>(::getppid());
  const Environment& env = *options.environment;
  std::string method = options.install_method.empty() ? env_or(env, "INSTALL_METHOD", "local")
                                                      : options.install_method;
  for (auto& c : method)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (method != "local" && method != "remote" && method != "serverless") {
    std::fprintf(stderr, "dify: INSTALL_METHOD '%s' is not local, remote or serverless\n",
                 method.c_str());
    return 2;
  }
  // A closed pipe is an error to handle (the daemon went away), not a signal that kills us.
  std::signal(SIGPIPE, SIG_IGN);
  if (method == "local") {
    // Ready as early as possible: the daemon routes nothing to us before the first heartbeat.
    const std::string beat = heartbeat_line();
    if (::write(1, beat.data(), beat.size()) != static_cast<ssize_t>(beat.size())) return 1;
  }

  boost::asio::io_context io(1);
  http::Client http(io.get_executor());
  sagemaker::ConnectionContext context;
  context.environment = options.environment;
  context.blocking_transport = lazy_blocking_transport();
  provider::Provider provider(http, std::move(context));
  Runtime runtime(io.get_executor(), provider);

  if (method == "local") {
    StdioOptions stdio;
    stdio.heartbeat_interval = options.heartbeat_interval;
    stdio.parent_pid = parent_pid;
    return run_stdio(io, runtime, stdio);
  }
  if (method == "remote") {
    RemoteOptions remote;
    remote.key = env_or(env, "REMOTE_INSTALL_KEY", "");
    remote.heartbeat_interval = options.heartbeat_interval;
    remote.reconnect_delay = options.reconnect_delay;
    remote.reconnect_attempts = options.reconnect_attempts;
    if (auto url = env.get("REMOTE_INSTALL_URL")) {
      if (!parse_remote_url(*url, remote)) {
        std::fprintf(stderr, "dify: REMOTE_INSTALL_URL '%s' is not host:port\n", url->c_str());
        return 2;
      }
    } else {
      remote.host = env_or(env, "REMOTE_INSTALL_HOST", "localhost");
      if (!parse_port(env_or(env, "REMOTE_INSTALL_PORT", "5003"), remote.port)) {
        std::fprintf(stderr, "dify: REMOTE_INSTALL_PORT is not a port number\n");
        return 2;
      }
    }
    return run_remote(io, runtime, remote);
  }
  ServerlessOptions serverless;
  serverless.host = env_or(env, "SERVERLESS_HOST", "0.0.0.0");
  if (!parse_port(env_or(env, "SERVERLESS_PORT", "8080"), serverless.port)) {
    std::fprintf(stderr, "dify: SERVERLESS_PORT is not a port number\n");
    return 2;
  }
  return run_serverless(io, runtime, serverless);
}

}  // namespace smp::dify
