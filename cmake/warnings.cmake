# Warnings are errors in our own code; third-party headers come in as SYSTEM.
add_library(smp_warnings INTERFACE)
target_compile_options(smp_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror
                       -Wno-missing-field-initializers)
