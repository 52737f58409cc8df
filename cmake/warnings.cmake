# Warnings are errors in our own code in the debug preset (SMP_WERROR); third-party headers come in as SYSTEM. The clang fuzz build
# shows its (different) warnings without failing on them: it exists to fuzz, and the g++ builds
# that run the tests are the ones that hold the line.
add_library(smp_warnings INTERFACE)
target_compile_options(smp_warnings INTERFACE -Wall -Wextra -Wpedantic
                       -Wno-missing-field-initializers)
if(SMP_WERROR AND NOT SMP_BUILD_FUZZ)
  target_compile_options(smp_warnings INTERFACE -Werror)
endif()
# With -fsanitize=address g++ 12 reports -Wmaybe-uninitialized inside libstdc++ (std::regex's
# std::function moves, GCC bug 105562 and kin); the instrumentation confuses its flow analysis.
# The non-sanitized builds keep the warning.
if(SMP_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(smp_warnings INTERFACE -Wno-maybe-uninitialized)
endif()
# g++ 12 reports -Wrestrict for `"literal" + std::string` at -O2/-O3 inside libstdc++'s own
# operator+ (GCC bug 105329, fixed in 13): a false positive that would fail Release builds.
# It also reports Asio's coroutine frames as a mismatched new/delete pair once optimising: the frame
# is allocated and freed by awaitable_frame_base's own (matching) operator new/delete. Every file
# with a coroutine can trip it, so it is off for g++ 12 as a whole rather than file by file.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(smp_warnings INTERFACE -Wno-restrict -Wno-mismatched-new-delete)
endif()
