#include "base/clock.hpp"

namespace smp {

const SystemClock& SystemClock::instance() {
  static const SystemClock clock;
  return clock;
}

}  // namespace smp
