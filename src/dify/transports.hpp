#pragma once
// The three transports of the runtime (dify_main.hpp describes them). Internal to src/dify.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <string>

#include "dify/runtime.hpp"

namespace smp::dify {

struct StdioOptions {
  std::chrono::milliseconds heartbeat_interval{10'000};
  std::chrono::milliseconds drain_on_eof{10'000};  // sessions in flight may finish after EOF
  int parent_pid = 0;  // getppid() at start (0: read it now); a change means the parent died
};
// The first heartbeat has already been written by the caller.
int run_stdio(boost::asio::io_context& io, Runtime& runtime, StdioOptions options);

struct RemoteOptions {
  std::string host = "localhost";
  std::uint16_t port = 5003;
  std::string key;
  std::chrono::milliseconds heartbeat_interval{10'000};
  std::chrono::milliseconds reconnect_delay{5'000};
  int reconnect_attempts = 3;
};
int run_remote(boost::asio::io_context& io, Runtime& runtime, RemoteOptions options);

struct ServerlessOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;
};
int run_serverless(boost::asio::io_context& io, Runtime& runtime, ServerlessOptions options);

}  // namespace smp::dify
