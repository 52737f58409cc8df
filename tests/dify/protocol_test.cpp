// The envelope: daemon lines as Go writes them, our lines as the daemon validates them.
#include "dify/protocol.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "dify/error_mapping.hpp"
#include "dify/hex_audio.hpp"
#include "dify/response_rules.hpp"

namespace smp::dify {
namespace {

namespace json = boost::json;

TEST(DaemonLine, GoStyleRequestWithNullsSortedKeysAndEscapes) {
  // Go: nil slices are null, map keys sorted, '<' written as \u003c.
  const std::string line =
      R"({"session_id":"5b1c","conversation_id":null,"message_id":null,"app_id":null,)"
      R"("endpoint_id":null,"context":null,"event":"request","data":{"action":"invoke_llm",)"
      R"("credentials":{"sagemaker_endpoint":"ep"},"json_schema":null,"model":"m","model_type":"llm",)"
      R"("prompt_messages":[{"role":"user","content":"a \u003cb\u003e \ud83d\ude00","name":"",)"
      R"("tool_calls":null,"tool_call_id":""}],"provider":"sagemaker","stop":null,"stream":true,)"
      R"("tools":null,"type":"model","user_id":""}})";
  auto parsed = parse_daemon_line(line);
  ASSERT_TRUE(parsed.request) << parsed.error->message;
  EXPECT_EQ(parsed.request->session_id, "5b1c");
  EXPECT_EQ(parsed.request->action, "invoke_llm");
  EXPECT_EQ(parsed.request->type, "model");
  const auto& content = parsed.request->data.at("prompt_messages").at(0).at("content");
  EXPECT_EQ(content.as_string(), "a <b> \xF0\x9F\x98\x80");
}

TEST(DaemonLine, BadInputIsAnErrorWithTheSessionWhenKnown) {
  EXPECT_TRUE(parse_daemon_line("   \r").blank);
  auto not_json = parse_daemon_line("hello");
  ASSERT_TRUE(not_json.error);
  EXPECT_TRUE(not_json.session_id.empty());
  auto array = parse_daemon_line("[1,2]");
  ASSERT_TRUE(array.error);
  auto no_session = parse_daemon_line(R"({"event":"request","data":{"action":"x"}})");
  ASSERT_TRUE(no_session.error);
  EXPECT_EQ(no_session.error->code, "MissingSessionId");
  auto no_action = parse_daemon_line(R"({"session_id":"s","event":"request","data":{}})");
  ASSERT_TRUE(no_action.error);
  EXPECT_EQ(no_action.session_id, "s");
  auto wrong_data = parse_daemon_line(R"({"session_id":"s","event":"request","data":[1]})");
  ASSERT_TRUE(wrong_data.error);
  EXPECT_EQ(wrong_data.session_id, "s");
  auto other_event =
      parse_daemon_line(R"({"session_id":"s","event":"backwards_response","data":{}})");
  ASSERT_TRUE(other_event.error);
  EXPECT_EQ(other_event.error->code, "UnsupportedEvent");
  EXPECT_TRUE(other_event.session_id.empty());
}

TEST(DaemonLine, FieldsTreatMissingNullAndEmptyAlike) {
  auto data = json::parse(R"({"a":null,"b":"x","n":3,"f":2.0,"s":["p","q"],"bad":5})").as_object();
  EXPECT_EQ(field::string(data, "a").value(), "");
  EXPECT_EQ(field::string(data, "missing").value(), "");
  EXPECT_FALSE(field::string(data, "a", true));
  EXPECT_EQ(field::string(data, "b").value(), "x");
  EXPECT_FALSE(field::string(data, "bad"));
  EXPECT_EQ(field::integer(data, "n").value(), 3);
  EXPECT_EQ(field::integer(data, "f").value(), 2);
  EXPECT_FALSE(field::integer(data, "b"));
  EXPECT_TRUE(field::strings(data, "a").value().empty());
  EXPECT_EQ(field::strings(data, "s").value().size(), 2u);
  EXPECT_FALSE(field::strings(data, "b"));
  EXPECT_TRUE(field::object(data, "a").value().empty());
}

TEST(PluginLines, RenderedLinesPassTheDaemonRules) {
  ResponseChecker checker;
  checker.expect("s1", "get_llm_num_tokens");
  checker.expect("s2", "invoke_rerank");
  ASSERT_TRUE(checker.check_line(heartbeat_line()));
  json::object n;
  n["num_tokens"] = 12;
  ASSERT_TRUE(checker.check_line(session_stream_line("s1", n)));
  ASSERT_TRUE(checker.check_line(session_end_line("s1")));
  DifyError e{"InvokeRateLimitError", "[sagemaker] slow down", {}};
  for (int i = 0; i < 15; ++i)
    e.args.emplace_back("k" + std::to_string(i), "v");
  const auto error_line = session_error_line("s2", e);
  ASSERT_TRUE(checker.check_line(error_line)) << error_line;
  EXPECT_EQ(json::parse(error_line).at("data").at("data").at("args").as_object().size(), 10u);
  ASSERT_TRUE(checker.check_line(session_end_line("s2")));
  EXPECT_TRUE(checker.finish());
  EXPECT_EQ(checker.heartbeats(), 1u);
  EXPECT_TRUE(checker.check_line(log_line("INFO", "hi", 1.5)));
  EXPECT_TRUE(checker.check_line(error_event_line("bad line")));
}

TEST(PluginLines, CheckerCatchesWhatTheDaemonRejects) {
  ResponseChecker checker;
  checker.expect("s", "invoke_llm");
  // content null: rejected by daemons >= 0.5.4.
  auto null_content = json::parse(
      R"({"model":"m","delta":{"index":0,"message":{"role":"assistant","content":null}}})");
  EXPECT_FALSE(checker.check_line(session_stream_line("s", null_content)));
  auto no_index =
      json::parse(R"({"model":"m","delta":{"message":{"role":"assistant","content":""}}})");
  EXPECT_FALSE(checker.check_line(session_stream_line("s", no_index)));
  auto bad_usage = json::parse(
      R"({"model":"m","delta":{"index":0,"message":{"role":"assistant","content":""},"usage":{"prompt_tokens":1}}})");
  EXPECT_FALSE(checker.check_line(session_stream_line("s", bad_usage)));
  auto good = json::parse(
      R"({"model":"m","delta":{"index":0,"message":{"role":"assistant","content":"hi","tool_calls":[]},"usage":null,"finish_reason":null}})");
  EXPECT_TRUE(checker.check_line(session_stream_line("s", good)));
  EXPECT_FALSE(checker.finish());  // never ended
  EXPECT_TRUE(checker.check_line(session_end_line("s")));
  EXPECT_FALSE(checker.check_line(session_end_line("s")));  // second end
  EXPECT_FALSE(checker.check_line(session_end_line("unknown")));
  EXPECT_FALSE(checker.check_line(std::string(kMaxLineBytes + 1, ' ')));
  EXPECT_FALSE(checker.check_line("{\"event\":\"heartbeat\",\n\"data\":{}}"));

  ResponseChecker single;
  single.expect("e", "invoke_text_embedding");
  auto emb = json::parse(
      R"({"model":"m","embeddings":[[0.1,0.2]],"usage":{"tokens":1,"total_tokens":1,"unit_price":"0.0","price_unit":"0","total_price":"0","currency":"USD","latency":0.1}})");
  EXPECT_TRUE(single.check_line(session_stream_line("e", emb)));
  EXPECT_FALSE(single.check_line(session_stream_line("e", emb)));  // exactly one result
}

TEST(PluginLines, ModelSchemaRules) {
  auto unknown_template = json::parse(
      R"({"model":"m","label":{"en_US":"m"},"model_type":"llm","parameter_rules":[{"name":"x","use_template":"seed"}]})");
  EXPECT_FALSE(check_model_schema(unknown_template));
  auto no_label = json::parse(
      R"({"model":"m","label":{"en_US":"m"},"model_type":"llm","parameter_rules":[{"name":"x","type":"int"}]})");
  EXPECT_FALSE(check_model_schema(no_label));
  auto list_default = json::parse(
      R"({"model":"m","label":{"en_US":"m"},"model_type":"llm","parameter_rules":[{"name":"x","use_template":"top_p","default":[1]}]})");
  EXPECT_FALSE(check_model_schema(list_default));
  auto ok = json::parse(
      R"({"model":"m","label":{"en_US":"m"},"model_type":"rerank","features":[],"fetch_from":"customizable-model","model_properties":{},"parameter_rules":[],"pricing":null})");
  EXPECT_TRUE(check_model_schema(ok));
}

TEST(ErrorMapping, OneTablePerKind) {
  EXPECT_EQ(dify_error_type(ErrorKind::auth), "InvokeAuthorizationError");
  EXPECT_EQ(dify_error_type(ErrorKind::throttled), "InvokeRateLimitError");
  EXPECT_EQ(dify_error_type(ErrorKind::unavailable), "InvokeServerUnavailableError");
  EXPECT_EQ(dify_error_type(ErrorKind::connection), "InvokeConnectionError");
  EXPECT_EQ(dify_error_type(ErrorKind::timeout), "InvokeConnectionError");
  EXPECT_EQ(dify_error_type(ErrorKind::not_found), "InvokeBadRequestError");
  EXPECT_EQ(dify_error_type(ErrorKind::model, 400), "InvokeBadRequestError");
  EXPECT_EQ(dify_error_type(ErrorKind::model, 500), "InvokeServerUnavailableError");
  Error e = Error::make(ErrorKind::model, "ModelError", "container failed");
  e.http_status = 424;
  e.request_id = "rid";
  for (int i = 0; i < 20; ++i)
    e.with_detail("d" + std::to_string(i), "v");
  e.with_detail("OriginalStatusCode", "422");
  auto d = to_dify_error(e);
  EXPECT_EQ(d.error_type, "InvokeBadRequestError");
  EXPECT_EQ(d.message, "[sagemaker] container failed");
  EXPECT_LE(d.args.size(), kMaxErrorArgs);
  auto c = credentials_error(Error::make(ErrorKind::auth, "AccessDenied", "Access Denied: fix it"));
  EXPECT_EQ(c.error_type, "CredentialsValidateFailedError");
  EXPECT_EQ(c.message, "Access Denied: fix it");
}

}  // namespace
}  // namespace smp::dify

namespace smp::dify {
namespace {

TEST(HexAudio, RoundTripsAndCutsUnderTheLineLimit) {
  std::string audio;
  for (int i = 0; i < 256; ++i)
    audio += static_cast<char>(i);
  EXPECT_EQ(hex_encode(audio).substr(0, 8), "00010203");
  EXPECT_EQ(hex_decode(hex_encode(audio)).value(), audio);
  EXPECT_EQ(hex_decode("FFab").value(), std::string("\xff\xab", 2));
  EXPECT_FALSE(hex_decode("abc"));
  EXPECT_FALSE(hex_decode("zz"));
  EXPECT_TRUE(audio_chunks("").empty());
  const std::string big(kAudioChunkBytes * 2 + 10, 'x');
  auto pieces = audio_chunks(big);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[2].size(), 10u);
  // The longest TTS line: one piece in hex inside the session envelope.
  json::object data;
  data["result"] = hex_encode(pieces[0]);
  data["mime_type"] = "audio/mpeg";
  EXPECT_LT(session_stream_line("0f8c2c7e-4f2a-4b0e-9a55-2c7d7a0e4b11", data).size(),
            kMaxLineBytes);
}

}  // namespace
}  // namespace smp::dify
