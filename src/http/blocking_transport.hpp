#pragma once
// The aws layer's blocking HttpTransport (aws/transport.hpp) on top of the async Client, for the
// rare control-plane calls (STS, IMDS, container credentials). The transport owns one private
// io_context thread and one Client (so IMDS's token + credentials calls share a connection);
// each call blocks its caller until the exchange ends. Safe to call from any thread, including
// a coroutine's thread (it never waits on the caller's io_context).
#include "aws/transport.hpp"
#include "http/client.hpp"

namespace smp::http {

aws::HttpTransport make_blocking_transport(ClientOptions options = {});

}  // namespace smp::http
