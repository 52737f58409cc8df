// Connection failures: refused, connect timeout (a listener whose backlog is full), bad names.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loopback.hpp"

namespace smp::http {
namespace {

using namespace std::chrono_literals;
using testing::IoThread;
using testing::request;
namespace net = boost::asio;

// A port with nothing listening: bind one, remember it, close it.
std::uint16_t closed_port() {
  net::io_context ioc;
  net::ip::tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

TEST(Connect, RefusedIsAConnectionErrorNamingHostAndPort) {
  IoThread io;
  Client client(io.executor(), testing::direct_client_options());
  std::uint16_t port = closed_port();
  auto response =
      io.run(client.send(request("GET", "http://127.0.0.1:" + std::to_string(port) + "/")));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::connection);
  EXPECT_NE(response.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << response.error().message;
  EXPECT_TRUE(response.error().retryable);
}

TEST(Connect, FullBacklogTimesOut) {
  // A listener that never accepts, with its queue filled by connections that complete in the
  // kernel: further SYNs are dropped, so a connect hangs until our timeout.
  net::io_context ioc;
  net::ip::tcp::acceptor acceptor(ioc);
  net::ip::tcp::endpoint where(net::ip::make_address("127.0.0.1"), 0);
  acceptor.open(where.protocol());
  acceptor.bind(where);
  acceptor.listen(0);
  std::uint16_t port = acceptor.local_endpoint().port();
  std::vector<int> fillers;
  for (int i = 0; i < 8; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    fillers.push_back(fd);
  }
  std::this_thread::sleep_for(100ms);  // let the handshakes that can complete, complete

  IoThread io;
  Client client(io.executor(), testing::direct_client_options());
  RequestOptions options;
  options.connect_timeout = 300ms;
  auto response = io.run(
      client.send(request("GET", "http://127.0.0.1:" + std::to_string(port) + "/"), options));
  for (int fd : fillers)
    ::close(fd);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::timeout);
  EXPECT_EQ(response.error().code, "ConnectTimeout");
  EXPECT_NE(response.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << response.error().message;
}

TEST(Connect, UnknownHostNameIsAConnectionError) {
  IoThread io;
  Client client(io.executor(), testing::direct_client_options());
  RequestOptions options;
  options.connect_timeout = 2s;
  auto response = io.run(client.send(request("GET", "http://no-such-host.invalid/"), options));
  ASSERT_FALSE(response);
  EXPECT_TRUE(response.error().kind == ErrorKind::connection ||
              response.error().kind == ErrorKind::timeout);
  EXPECT_NE(response.error().message.find("no-such-host.invalid"), std::string::npos)
      << response.error().message;
}

}  // namespace
}  // namespace smp::http
