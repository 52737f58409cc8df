#include "aws/credentials_context.hpp"

#include <thread>

namespace smp::aws {

void CredentialsContext::pause(std::chrono::milliseconds d) const {
  if (sleep) {
    sleep(d);
  } else {
    std::this_thread::sleep_for(d);
  }
}

}  // namespace smp::aws
