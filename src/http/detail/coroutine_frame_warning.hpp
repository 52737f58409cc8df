#pragma once
// g++ 12 with optimisation (the asan preset builds at -O1) reports Asio's coroutine frames as a
// mismatched new/delete pair: the frame is allocated and freed by Asio's own recycling
// operator new/delete in awaitable_frame_base, which do match. Included by the .cpp files
// whose coroutines trip it; clang does not have the warning.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
