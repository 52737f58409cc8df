# SMP_STATIC_DEPS: link Boost (json, url, container), OpenSSL, yaml-cpp, pugixml and zlib from
# Debian's static archives, so the binary in the .difypkg needs only glibc, libstdc++ and the two
# libraries Debian ships only as shared objects (fmt, spdlog), which `package` bundles. Used by the
# `package` preset; everything else links the shared libraries.
#
# Boost's, OpenSSL's and zlib's CMake files honour the variables set before find_package
# (top-level CMakeLists.txt); yaml-cpp's and pugixml's imported targets point at the .so, so they are
# repointed here, after find_package.
if(NOT SMP_STATIC_DEPS)
  return()
endif()
set_target_properties(pugixml::pugixml PROPERTIES INTERFACE_LINK_LIBRARIES pugixml::static)
find_library(SMP_YAML_CPP_STATIC NAMES libyaml-cpp.a REQUIRED)
foreach(config NONE RELEASE RELWITHDEBINFO DEBUG)
  get_target_property(location yaml-cpp IMPORTED_LOCATION_${config})
  if(location)
    set_target_properties(yaml-cpp PROPERTIES IMPORTED_LOCATION_${config} ${SMP_YAML_CPP_STATIC})
  endif()
endforeach()
set_target_properties(yaml-cpp PROPERTIES IMPORTED_SONAME_NONE "")
