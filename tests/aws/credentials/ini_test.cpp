#include "aws/ini.hpp"

#include <gtest/gtest.h>

namespace smp::aws {
namespace {

const IniProperty& prop(const IniSection& section, const std::string& key) {
  return section.properties.at(key);
}

TEST(Ini, SectionsPropertiesCommentsAndSpaces) {
  auto doc = parse_ini(
      "# leading comment\n"
      "; another\n"
      "\n"
      "[default]   # trailing comment on the header\n"
      "aws_access_key_id=AKIDEXAMPLE\n"
      "Region   =   us-west-2   ; inline comment\n"
      "url = https://x.example/#fragment\n"
      "[  profile dev  ]\n"
      "\tkey = value with spaces\t\r\n",
      "config");
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_EQ(doc->sections.size(), 2u);
  const IniSection& def = doc->sections[0];
  EXPECT_EQ(def.name, "default");
  EXPECT_EQ(def.line, 4u);
  EXPECT_EQ(prop(def, "aws_access_key_id").value, "AKIDEXAMPLE");
  // Keys are case-insensitive; the inline comment needs whitespace before ';' or '#'.
  EXPECT_EQ(prop(def, "region").value, "us-west-2");
  EXPECT_EQ(prop(def, "url").value, "https://x.example/#fragment");
  EXPECT_EQ(doc->sections[1].name, "profile dev");
  EXPECT_EQ(prop(doc->sections[1], "key").value, "value with spaces");
}

TEST(Ini, ContinuationLinesAndSubSections) {
  auto doc = parse_ini(
      "[profile a]\n"
      "policy = first\n"
      "  second line\n"
      "\tthird\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "  Addressing_Style = path\n"
      "region = eu-west-1\n",
      "config");
  ASSERT_TRUE(doc) << doc.error().message;
  const IniSection& a = doc->sections[0];
  EXPECT_EQ(prop(a, "policy").value, "first\nsecond line\nthird");
  const auto& s3 = prop(a, "s3");
  EXPECT_EQ(s3.value, "");
  ASSERT_EQ(s3.sub_properties.size(), 2u);
  EXPECT_EQ(s3.sub_properties[0],
            (std::pair<std::string, std::string>{"max_concurrent_requests", "20"}));
  EXPECT_EQ(s3.sub_properties[1].first, "addressing_style");
  EXPECT_EQ(prop(a, "region").value, "eu-west-1");
}

TEST(Ini, IndentedLineAfterAValueContinuesIt) {
  // As in botocore's configparser and the Java/Rust profile parsers: indentation means
  // "continuation", even when the line looks like a property of its own.
  auto doc = parse_ini("[a]\nkey = one\n  region = us-east-1\n", "config");
  ASSERT_TRUE(doc);
  EXPECT_EQ(prop(doc->sections[0], "key").value, "one\nregion = us-east-1");
  EXPECT_EQ(doc->sections[0].properties.count("region"), 0u);
}

TEST(Ini, RepeatedKeyLastWinsAndBomAndCrLf) {
  auto doc = parse_ini("\xEF\xBB\xBF[default]\r\nregion = a\r\nREGION = b\r\n", "config");
  ASSERT_TRUE(doc);
  EXPECT_EQ(prop(doc->sections[0], "region").value, "b");
}

TEST(Ini, ErrorsNameTheFileAndLine) {
  struct Case {
    const char* text;
    const char* expected;
  };
  for (const Case& c : {
           Case{"key = value\n", "config line 1: property outside any [section]"},
           Case{"[default]\nthis line has no equals\n", "config line 2: expected 'key = value'"},
           Case{"[default\n", "config line 1: section header has no closing ']'"},
           Case{"[]\n", "config line 1: section header has an empty name"},
           Case{"[a] junk\n", "config line 1: unexpected text after"},
           Case{"[a]\n = v\n", "config line 2: property has no name"},
           Case{"[a]\ns3 =\n  x = 1\n  no equals\n",
                "config line 4: expected 'key = value' inside"},
       }) {
    auto doc = parse_ini(c.text, "config");
    ASSERT_FALSE(doc) << c.text;
    EXPECT_EQ(doc.error().code, "InvalidConfigFile");
    EXPECT_NE(doc.error().message.find(c.expected), std::string::npos) << doc.error().message;
  }
}

TEST(Ini, RefusesHugeInput) {
  std::string huge(kMaxIniBytes + 1, '#');
  EXPECT_FALSE(parse_ini(huge, "config"));
}

}  // namespace
}  // namespace smp::aws
