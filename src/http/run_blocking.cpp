#include "http/run_blocking.hpp"

namespace smp::http {

boost::asio::thread_pool& blocking_pool() {
  // Four threads: the calls it serves are seconds apart, but a diagnosis may make a few at once
  // (GetCallerIdentity while another tenant's validation waits on STS).
  static boost::asio::thread_pool pool(4);
  return pool;
}

}  // namespace smp::http
