#pragma once
// Early return for the field-by-field request parsers, where every read may fail: without it
// each of the ~40 reads would spell out the same three lines. Only for .cpp files of this module.
#include <utility>

#define SMP_GW_TRY(name, expression)                                        \
  auto name##_result = (expression);                                        \
  if (!name##_result) return ::smp::fail(std::move(name##_result.error())); \
  auto name = std::move(*name##_result)
