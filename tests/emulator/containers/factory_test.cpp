#include <gtest/gtest.h>

#include "emulator/containers/container_test_support.hpp"

namespace smp::emulator {
namespace {

TEST(ContainerFactory, EveryKindIsBuiltAndUnknownKindsFail) {
  for (std::string_view kind : container_kinds()) {
    auto container = make_container(kind);
    ASSERT_TRUE(container.has_value()) << kind;
    EXPECT_EQ((*container)->kind(), kind);
  }
  const auto unknown = make_container("sglang");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().kind, ErrorKind::invalid_argument);
}

TEST(ContainerFactory, SettingsGivenAsStringsInExtraApply) {
  ContainerOptions options;
  options.extra = {{"task", "rerank"}, {"max_client_batch_size", "2"}};
  const auto out = testing::invoke("tei", R"({"query":"q","texts":["a","b","c"]})", options);
  EXPECT_EQ(out.status, 413);
  EXPECT_NE(out.body.find("maximum allowed batch size 2"), std::string::npos);

  ContainerOptions bad;
  bad.extra = {{"embedding_dimensions", "lots"}};
  EXPECT_FALSE(make_container("tei", bad).has_value());
  bad.extra = {{"reasoning_field", "thoughts"}};
  EXPECT_FALSE(make_container("vllm", bad).has_value());
}

TEST(ContainerFactory, EveryContainerSurvivesHostileBodies) {
  // Never a crash, always an HTTP status: what the emulator turns into ModelError.
  const std::vector<std::string> bodies = {
      "",
      "{",
      "[]",
      "null",
      "\"x\"",
      "{\"messages\":5}",
      "{\"messages\":[{\"role\":1}]}",
      "{\"inputs\":{}}",
      "{\"inputs\":[1,2]}",
      "{\"query\":[],\"texts\":\"x\"}",
      "{\"inputs\":\"x\",\"parameters\":{\"max_new_tokens\":-1,\"stop\":[1]}}",
      "{\"prompt\":[],\"max_tokens\":\"lots\"}",
      std::string("\xff\xfe\0\x01", 4),
      "{\"tts_text\":1,\"role\":[]}",
      "{\"bucket_name\":1,\"s3_key\":{}}"};
  testing::MemoryObjectStore store;
  for (std::string_view kind : container_kinds()) {
    for (const auto& body : bodies) {
      const auto out = testing::invoke(kind, body, {}, &store);
      EXPECT_GE(out.status, 200) << kind << " " << body;
      EXPECT_LT(out.status, 600) << kind << " " << body;
    }
  }
}

}  // namespace
}  // namespace smp::emulator
