// The emulator under load: signed InvokeEndpoint round trips on one server thread over one
// keep-alive loopback connection (the client is a raw socket replaying a pre-signed request, so
// the figure is the emulator's cost: HTTP parsing, SigV4 verification, routing, the container,
// the response, the request log), a streamed invocation, and the time from nothing to a listening
// emulator with the default demo endpoints.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "aws/sigv4.hpp"
#include "base/environment.hpp"
#include "emulator/emulator.hpp"

namespace {

using namespace smp;
using namespace smp::emulator;

// Answers every call with a fixed small JSON document: the emulator's own overhead, isolated.
class FixedContainer final : public Container {
 public:
  InvocationOutput invoke(const InvocationInput& input, ContainerContext&) const override {
    InvocationOutput output;
    output.content_type = "application/json";
    if (input.streaming) {
      for (int i = 0; i < 8; ++i)
        output.stream_records.push_back("data: {\"token\":\"tok\"}\n\n");
    } else {
      output.body = R"({"generated_text":"ok"})";
    }
    return output;
  }
  std::string_view kind() const override { return "fixed"; }
};

struct Running {
  ManualClock clock{std::chrono::system_clock::now()};
  std::unique_ptr<Emulator> emulator;

  Running() {
    auto config = default_config(MapEnvironment{});
    EndpointConfig fixed;
    fixed.name = "bench";
    fixed.backend.container = "fixed";
    config.endpoints.push_back(fixed);
    config.request_log_capacity = 1000;
    auto created =
        Emulator::create(std::move(config), clock,
                         [](std::string_view kind,
                            const ContainerOptions& options) -> Result<std::unique_ptr<Container>> {
                           if (kind == "fixed") return std::make_unique<FixedContainer>();
                           return make_container(kind, options);
                         });
    emulator = std::move(created.value());
    if (!emulator->start({"127.0.0.1", 0}, 1)) throw std::runtime_error("cannot start");
  }
  ~Running() { emulator->stop(); }

  // The exact bytes of a signed request (valid while the emulator's clock stands still).
  std::string signed_request(const std::string& path, const std::string& body) const {
    HttpRequest request;
    request.method = "POST";
    request.url = emulator->url() + path;
    request.headers.add("Content-Type", "application/json");
    request.body = body;
    aws::Credentials credentials;
    credentials.access_key_id = "test";
    credentials.secret_access_key = "test";
    aws::SigningParams params;
    params.region = "us-east-1";
    params.service = "sagemaker";
    params.time = clock.now();
    aws::sign_request(request, credentials, params);
    std::string wire = "POST " + path + " HTTP/1.1\r\n";
    for (const auto& [name, value] : request.headers)
      wire += name + ": " + value + "\r\n";
    wire += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return wire;
  }
};

Running& running() {
  static Running instance;
  return instance;
}

class Connection {
 public:
  explicit Connection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("connect failed");
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Connection() { ::close(fd_); }

  // Sends the request and reads one response (Content-Length or chunked); returns its status.
  int round_trip(const std::string& request) {
    for (std::size_t sent = 0; sent < request.size();) {
      const auto n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      sent += static_cast<std::size_t>(n);
    }
    while (true) {
      const auto head_end = buffer_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const int status = std::stoi(buffer_.substr(9, 3));
        const auto length_at = buffer_.find("Content-Length: ");
        if (length_at != std::string::npos && length_at < head_end) {
          const std::size_t total = head_end + 4 + std::stoul(buffer_.substr(length_at + 16));
          if (buffer_.size() >= total) {
            buffer_.erase(0, total);
            return status;
          }
        } else if (const auto last = buffer_.find("\r\n0\r\n\r\n", head_end);
                   last != std::string::npos) {
          buffer_.erase(0, last + 7);
          return status;
        }
      }
      char chunk[16384];
      const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) throw std::runtime_error("connection closed");
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  std::string buffer_;
};

void run_invocations(benchmark::State& state, const std::string& path, const std::string& body) {
  auto& emulator = running();
  const std::string request = emulator.signed_request(path, body);
  Connection connection(emulator.emulator->port());
  for (auto _ : state) {
    if (connection.round_trip(request) != 200) state.SkipWithError("non-200 answer");
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_InvokeEndpoint_Small(benchmark::State& state) {
  run_invocations(state, "/endpoints/bench/invocations", R"({"inputs":"Hello"})");
}
BENCHMARK(BM_InvokeEndpoint_Small)->UseRealTime();

void BM_InvokeEndpoint_TeiEmbedding(benchmark::State& state) {
  run_invocations(state, "/endpoints/demo-embed/invocations", R"({"inputs":"Hello world"})");
}
BENCHMARK(BM_InvokeEndpoint_TeiEmbedding)->UseRealTime();

void BM_InvokeEndpointWithResponseStream_8Parts(benchmark::State& state) {
  run_invocations(state, "/endpoints/bench/invocations-response-stream", R"({"inputs":"Hi"})");
}
BENCHMARK(BM_InvokeEndpointWithResponseStream_8Parts)->UseRealTime();

// From nothing to a listening emulator with the five demo endpoints, and back.
void BM_StartAndStop(benchmark::State& state) {
  for (auto _ : state) {
    auto emulator = Emulator::create(default_config(MapEnvironment{})).value();
    if (!emulator->start({"127.0.0.1", 0})) state.SkipWithError("cannot start");
    state.PauseTiming();
    emulator->stop(std::chrono::milliseconds(0));
    state.ResumeTiming();
  }
}
BENCHMARK(BM_StartAndStop)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
