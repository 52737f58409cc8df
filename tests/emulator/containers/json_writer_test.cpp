#include "emulator/containers/json_writer.hpp"

#include <gtest/gtest.h>

namespace smp::emulator {
namespace {

TEST(JsonWriterFloats, PythonReprRules) {
  EXPECT_EQ(format_python_float(1.0), "1.0");
  EXPECT_EQ(format_python_float(0.1), "0.1");
  EXPECT_EQ(format_python_float(-2.5), "-2.5");
  EXPECT_EQ(format_python_float(0.0001), "0.0001");
  EXPECT_EQ(format_python_float(0.00001), "1e-05");
  EXPECT_EQ(format_python_float(2.7e-05), "2.7e-05");
  EXPECT_EQ(format_python_float(1e15), "1000000000000000.0");
  EXPECT_EQ(format_python_float(1e16), "1e+16");
  EXPECT_EQ(format_python_float(123456.789), "123456.789");
  EXPECT_EQ(format_python_float(static_cast<double>(0.1f)), "0.10000000149011612");
}

TEST(JsonWriterFloats, SerdeF32Rules) {
  EXPECT_EQ(format_f32(1.0f), "1.0");
  EXPECT_EQ(format_f32(0.1f), "0.1");
  EXPECT_EQ(format_f32(-0.03125f), "-0.03125");
  EXPECT_EQ(format_f32(0.000001f), "0.000001");
  EXPECT_EQ(format_f32(1e-7f), "1e-7");
  EXPECT_EQ(format_f32(1.5e20f), "1.5e20");
}

TEST(JsonWriterStyles, CompactPythonAndDjl) {
  const auto fill = [](JsonWriter& w) {
    w.begin_object().field("text", "héllo \"x\"\n").key("n").begin_array().integer(1).number(0.5);
    w.end_array().key("empty").begin_array().end_array().end_object();
  };
  JsonWriter compact;
  fill(compact);
  EXPECT_EQ(compact.str(), "{\"text\":\"héllo \\\"x\\\"\\n\",\"n\":[1,0.5],\"empty\":[]}");
  JsonWriter python(JsonStyle::python_dumps());
  fill(python);
  EXPECT_EQ(python.str(),
            "{\"text\": \"h\\u00e9llo \\\"x\\\"\\n\", \"n\": [1, 0.5], \"empty\": []}");
  JsonWriter djl(JsonStyle::djl_output());
  fill(djl);
  EXPECT_EQ(
      djl.str(),
      "{\n  \"text\":\"héllo \\\"x\\\"\\n\",\n  \"n\":[\n    1,\n    0.5\n  ],\n  \"empty\":[]\n}");
}

TEST(JsonWriterStyles, AsciiEscapesAstralCharactersAsSurrogatePairs) {
  JsonWriter python(JsonStyle::python_dumps());
  python.string("😀中");
  EXPECT_EQ(python.str(), "\"\\ud83d\\ude00\\u4e2d\"");
}

}  // namespace
}  // namespace smp::emulator
