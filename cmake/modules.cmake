# smp_module(NAME DEPS ...): the library of one layer, built from src/NAME/*.cpp.
# Its headers are included as "NAME/file.hpp" (the include root is src/).
function(smp_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  add_library(smp_${name} STATIC ${sources})
  target_include_directories(smp_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(smp_${name} PUBLIC ${ARG_DEPS} PRIVATE smp_warnings)
endfunction()

# smp_test_suite(NAME DEPS ...): one test executable per layer, from tests/NAME/*.cpp.
function(smp_test_suite name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/${name}/*.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(${name}_tests ${sources})
  target_include_directories(${name}_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name}_tests PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock
                                              GTest::gtest_main smp_warnings)
  target_compile_definitions(${name}_tests PRIVATE
                             SMP_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
                             SMP_BINARY="$<TARGET_FILE:sagemaker-provider>")
  gtest_discover_tests(${name}_tests DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 120)
endfunction()
