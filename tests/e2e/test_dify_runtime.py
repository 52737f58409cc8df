"""The Dify plugin runtime driven as dify-plugin-daemon drives it (tests/e2e/dify_daemon.py checks
every line against the daemon's rules), against `sagemaker-provider emulate`.

Local (stdio): readiness and heartbeats, every model action, failures a user meets (wrong secret,
role without its ExternalId, unknown endpoint, throttling, a stream that breaks midway), many
sessions interleaved, bad input of every kind including a 50 MB line, exit on stdin EOF.
Remote (TCP): registration in order, serving after it, reconnection and re-registration.
Serverless (HTTP): POST /invoke streams the session's lines, GET /health.
"""
import base64
import json
import os
import socket
import subprocess
import sys
import threading
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from cli_harness import BINARY, clean_env  # noqa: E402
from dify_daemon import DaemonHarness, StdioPlugin, go_json, read_lines, request_line  # noqa: E402
from emulator_process import EmulatorProcess  # noqa: E402

EMULATOR_CONFIG = """
endpoints:
  - {name: demo-chat, container: vllm}
  - {name: think-chat, backend: {container: vllm, model_id: Qwen/Qwen3-8B}}
  - {name: demo-embed, backend: {container: tei, task: embed}}
  - {name: demo-rerank, backend: {container: tei, task: rerank}}
  - {name: seed-embed, container: bge-m3}
  - {name: seed-rerank, container: flag-reranker}
  - {name: wide-embed, backend: {container: tei, task: embed, embedding_dimensions: 16384}}
  - {name: demo-tts, container: cosyvoice}
  - {name: demo-asr, container: whisper}
  - name: busy-chat
    container: vllm
    faults: [{kind: throttling, rate: 1.0}]
  - name: broken-chat
    container: vllm
    faults: [{kind: model_stream_error, rate: 1.0, after_parts: 3, error_code: StreamBroken}]
"""
KEY_ID, SECRET = "AKIADIFYE2ETEST", "dify-e2e-distinctive-secret/9f3k+Q"


class LocalRuntimeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emulator = EmulatorProcess(EMULATOR_CONFIG, env=clean_env(SMP_EMULATOR_ACCESS_KEY_ID=KEY_ID,
                                                                           SMP_EMULATOR_SECRET_ACCESS_KEY=SECRET)).__enter__()
        cls.plugin = StdioPlugin([BINARY, "dify", "--heartbeat-seconds", "0.5"], clean_env())
        cls.h = cls.plugin.harness
        if not cls.h.heartbeat_seen.wait(10):
            raise RuntimeError("no heartbeat: " + cls.plugin.stderr_text())
        cls.first_heartbeat_s = cls.h.heartbeats[0] - cls.plugin.started

    @classmethod
    def tearDownClass(cls):
        cls.plugin.stop()
        cls.emulator.__exit__(None, None, None)
        # Nothing secret ever reaches the daemon's log (stderr) or an error sent to Dify.
        for secret in (SECRET, SECRET + "-wrong"):
            assert secret not in cls.plugin.stderr_text()
            for session in cls.h.sessions.values():
                assert secret not in json.dumps(session.error or {})
            assert secret not in json.dumps(cls.h.error_events)

    def creds(self, endpoint, **extra):
        c = {"sagemaker_endpoint": endpoint, "aws_region": "us-east-1", "endpoint_url": self.emulator.url,
             "aws_access_key_id": KEY_ID, "aws_secret_access_key": SECRET, "context_length": "4096",
             "function_calling_type": "tool_call", "vision_support": "no_support", "mode": "chat"}
        c.update(extra)
        return c

    def llm(self, endpoint="demo-chat", stream=True, messages=None, **extra):
        fields = {"credentials": self.creds(endpoint), "json_schema": None, "model": "m1", "model_type": "llm",
                  "model_parameters": {"max_tokens": 64, "temperature": 0.2},
                  "prompt_messages": messages or [
                      {"role": "system", "content": "Be brief.", "name": "", "tool_calls": None, "tool_call_id": ""},
                      {"role": "user", "content": "Hello <there> & welcome", "name": "", "tool_calls": None,
                       "tool_call_id": ""}],
                  "provider": "sagemaker", "stop": None, "stream": stream, "tools": None}
        fields.update(extra)
        return self.h.call("invoke_llm", fields)

    def test_first_heartbeat_and_regular_heartbeats(self):
        print("first heartbeat after %.1f ms (process start to line)" % (self.first_heartbeat_s * 1000))
        deadline = time.monotonic() + 5
        while len(self.h.heartbeats) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertGreaterEqual(len(self.h.heartbeats), 3)

    def test_validate_model_credentials(self):
        s = self.h.call("validate_model_credentials", {"credentials": self.creds("demo-chat"), "model": "m1",
                                                        "model_type": "llm", "provider": "sagemaker"})
        self.assertIsNone(s.error, s.error)
        self.assertTrue(s.streams[0]["result"])
        self.assertEqual(s.streams[0]["credentials"]["sagemaker_endpoint"], "demo-chat")

    def test_validate_provider_credentials(self):
        s = self.h.call("validate_provider_credentials", {"credentials": {}, "provider": "sagemaker"})
        self.assertIsNone(s.error, s.error)
        self.assertTrue(s.streams[0]["result"])

    def test_validation_failures_carry_the_diagnosis(self):
        cases = {
            "wrong secret": self.creds("demo-chat", aws_secret_access_key=SECRET + "-wrong"),
            "missing external id": self.creds("demo-chat",
                                              assume_role_arn="arn:aws:iam::000000000000:role/demo-external"),
            "unknown endpoint": self.creds("no-such-endpoint"),
            "bad context length": self.creds("demo-chat", context_length="4k"),
        }
        for name, creds in cases.items():
            with self.subTest(name):
                s = self.h.call("validate_model_credentials", {"credentials": creds, "model": "m1",
                                                                "model_type": "llm", "provider": "sagemaker"})
                self.assertEqual(s.streams, [])
                self.assertEqual(s.error["error_type"], "CredentialsValidateFailedError", s.error)
                self.assertTrue(s.error["message"])
                self.assertNotIn(SECRET + "-wrong", json.dumps(s.error))
                # The diagnosis names the problem, as the credentials dialog shows it.
                expected = {"wrong secret": "secret access key", "missing external id": "external id",
                            "unknown endpoint": "no-such-endpoint", "bad context length": "context_length"}[name]
                self.assertIn(expected, s.error["message"].lower())
        ok = self.h.call("validate_model_credentials", {
            "credentials": self.creds("demo-chat", assume_role_arn="arn:aws:iam::000000000000:role/demo-external",
                                      external_id="demo-external-id"),
            "model": "m1", "model_type": "llm", "provider": "sagemaker"})
        self.assertIsNone(ok.error, ok.error)

    def test_schemas(self):
        s = self.h.call("get_ai_model_schemas", {"credentials": self.creds("demo-chat", context_length="8192"),
                                                  "model": "m1", "model_type": "llm", "provider": "sagemaker"})
        schema = s.streams[0]["model_schema"]
        self.assertEqual(schema["model_properties"]["context_size"], 8192)
        self.assertIn("tool-call", schema["features"])
        self.assertNotIn("vision", schema["features"])  # no_support really means no
        vision = self.h.call("get_ai_model_schemas", {
            "credentials": self.creds("demo-chat", vision_support="support"), "model": "m1", "model_type": "llm",
            "provider": "sagemaker"}).streams[0]["model_schema"]
        self.assertIn("vision", vision["features"])
        emb = self.h.call("get_ai_model_schemas", {
            "credentials": self.creds("demo-embed", payload_format="tei", embedding_batch_size="16"),
            "model": "e1", "model_type": "text-embedding", "provider": "sagemaker"}).streams[0]["model_schema"]
        self.assertEqual(emb["model_properties"]["max_chunks"], 16)
        empty = self.h.call("get_ai_model_schemas", {"credentials": None, "model": "x", "model_type": "llm",
                                                      "provider": "sagemaker"})
        self.assertIsNone(empty.streams[0]["model_schema"])

    def test_invoke_llm_stream_and_not(self):
        s = self.llm(stream=True)
        self.assertIsNone(s.error, s.error)
        text = "".join(c["delta"]["message"]["content"] for c in s.streams)
        self.assertIn("Hello <there> & welcome", text)
        self.assertGreater(len(s.streams), 2)
        last = s.streams[-1]["delta"]
        self.assertIsNotNone(last["usage"])
        self.assertGreater(last["usage"]["completion_tokens"], 0)
        self.assertIsInstance(last["usage"]["total_price"], str)
        self.assertEqual(last["finish_reason"], "stop")
        one = self.llm(stream=False)
        self.assertEqual(len(one.streams), 1)
        self.assertIn("Hello <there> & welcome", one.streams[0]["delta"]["message"]["content"])
        self.assertIsNotNone(one.streams[0]["delta"]["usage"])

    def test_reasoning_is_one_think_block(self):
        s = self.llm(endpoint="think-chat")
        self.assertIsNone(s.error, s.error)
        text = "".join(c["delta"]["message"]["content"] for c in s.streams)
        self.assertTrue(text.startswith("<think>\n"), text[:80])
        self.assertEqual(text.count("<think>"), 1)
        self.assertEqual(text.count("</think>"), 1)

    def test_tools(self):
        tools = [{"name": "get_weather", "description": "Weather for a city",
                  "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]
        messages = [{"role": "user", "content": "What is the weather in Paris?", "name": "", "tool_calls": None,
                     "tool_call_id": ""}]
        for stream in (True, False):
            with self.subTest(stream=stream):
                s = self.llm(stream=stream, messages=messages, tools=tools, tool_choice={"mode": "auto"})
                self.assertIsNone(s.error, s.error)
                calls = [c for chunk in s.streams for c in chunk["delta"]["message"]["tool_calls"]]
                self.assertEqual(len(calls), 1, s.streams)
                self.assertEqual(calls[0]["function"]["name"], "get_weather")
                self.assertIn("Paris", json.loads(calls[0]["function"]["arguments"])["city"])
                self.assertTrue(calls[0]["id"])
                self.assertEqual(s.streams[-1]["delta"]["finish_reason"], "tool_calls")
        # The tool's result goes back as a tool message.
        history = messages + [
            {"role": "assistant", "content": "", "name": "", "tool_call_id": "",
             "tool_calls": [{"id": "call_1", "type": "function",
                             "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
            {"role": "tool", "content": "18 C and sunny", "name": "get_weather", "tool_calls": None,
             "tool_call_id": "call_1"}]
        s = self.llm(stream=True, messages=history, tools=tools)
        self.assertIsNone(s.error, s.error)
        self.assertIn("18 C and sunny", "".join(c["delta"]["message"]["content"] for c in s.streams))

    def test_stop_json_schema_and_images(self):
        s = self.llm(stream=False, stop=["welcome"])
        self.assertIsNone(s.error, s.error)
        self.assertNotIn("welcome", s.streams[0]["delta"]["message"]["content"])
        schema = {"type": "object", "properties": {"a": {"type": "string"}}}
        s = self.llm(stream=False, json_schema=schema,
                     model_parameters={"response_format": "json_schema", "max_tokens": 32})
        self.assertIsNone(s.error, s.error)
        image = {"type": "image", "base64_data": base64.b64encode(b"\x89PNG....").decode(), "url": "", "data": "",
                 "encode_format": "base64", "format": "png", "mime_type": "image/png", "detail": "high",
                 "filename": ""}
        text = {"type": "text", "base64_data": "", "url": "", "data": "Describe this", "encode_format": "",
                "format": "", "mime_type": "", "detail": "", "filename": ""}
        s = self.llm(stream=True, messages=[{"role": "user", "content": [text, image], "name": "",
                                             "tool_calls": None, "tool_call_id": ""}])
        self.assertIsNone(s.error, s.error)
        self.assertIn("1 image", "".join(c["delta"]["message"]["content"] for c in s.streams))
        audio = dict(image, type="audio", mime_type="audio/mp3")
        s = self.llm(messages=[{"role": "user", "content": [audio], "name": "", "tool_calls": None,
                                "tool_call_id": ""}])
        self.assertEqual(s.error["error_type"], "InvokeBadRequestError")

    def test_token_counts(self):
        s = self.h.call("get_llm_num_tokens", {"credentials": self.creds("demo-chat"), "model": "m1",
                                                "model_type": "llm", "provider": "sagemaker", "tools": None,
                                                "prompt_messages": [{"role": "user", "content": "one two three four",
                                                                     "name": "", "tool_calls": None,
                                                                     "tool_call_id": ""}]})
        self.assertGreater(s.streams[0]["num_tokens"], 3)
        s = self.h.call("get_text_embedding_num_tokens", {
            "credentials": self.creds("demo-embed", payload_format="tei"), "model": "e1",
            "model_type": "text-embedding", "provider": "sagemaker", "texts": ["a b c", "d"]})
        self.assertEqual(len(s.streams[0]["num_tokens"]), 2)

    def embed(self, texts, input_type="document"):
        return self.h.call("invoke_text_embedding", {
            "credentials": self.creds("demo-embed", payload_format="tei"), "input_type": input_type, "model": "e1",
            "model_type": "text-embedding", "provider": "sagemaker", "texts": texts})

    def test_embeddings(self):
        texts = ["the cat sat", "the cat sat", "stock markets fell"]
        s = self.embed(texts)
        self.assertIsNone(s.error, s.error)
        vectors = s.streams[0]["embeddings"]
        self.assertEqual(len(vectors), 3)
        dot = lambda a, b: sum(x * y for x, y in zip(a, b))  # noqa: E731
        self.assertAlmostEqual(dot(vectors[0], vectors[1]), 1.0, places=4)
        self.assertLess(dot(vectors[0], vectors[2]), 0.9)
        q = self.embed(["the cat sat"], input_type="query")
        self.assertIsNone(q.error, q.error)
        many = self.embed(["text %d" % i for i in range(100)])
        self.assertEqual(len(many.streams[0]["embeddings"]), 100)

    def test_seed_plugin_containers_work_with_default_settings(self):
        # No payload_format: the containers the Python plugin talks to (bge-m3 handler,
        # FlagReranker handler) keep working for users who switch.
        creds = self.creds("seed-embed")
        s = self.h.call("invoke_text_embedding", {"credentials": creds, "input_type": "query", "model": "bge",
                                                   "model_type": "text-embedding", "provider": "sagemaker",
                                                   "texts": ["what is the capital of france"]})
        self.assertIsNone(s.error, s.error)
        self.assertEqual(len(s.streams[0]["embeddings"]), 1)
        docs = ["bananas are yellow", "paris is the capital of france"]
        r = self.h.call("invoke_rerank", {"credentials": self.creds("seed-rerank"), "model": "flag",
                                           "model_type": "rerank", "provider": "sagemaker",
                                           "query": "capital of france", "docs": docs, "score_threshold": 0,
                                           "top_n": 0})
        self.assertIsNone(r.error, r.error)
        ranked = r.streams[0]["docs"]
        self.assertEqual(ranked[0]["index"], 1)
        self.assertTrue(all(0.0 <= d["score"] <= 1.0 for d in ranked))  # logits through the sigmoid

    def test_embeddings_too_big_for_one_line_are_a_clear_error(self):
        # 96 vectors of 16384 floats do not fit the daemon's 5 MiB line: the runtime must not
        # write the line (a local daemon would kill the plugin) but say what to change.
        s = self.h.call("invoke_text_embedding", {
            "credentials": self.creds("wide-embed", payload_format="tei"), "input_type": "document", "model": "e1",
            "model_type": "text-embedding", "provider": "sagemaker", "texts": ["text %d" % i for i in range(96)]},
            timeout=120)
        self.assertIsNotNone(s.error)
        self.assertIn("embedding_batch_size", s.error["message"])
        ok = self.h.call("invoke_text_embedding", {
            "credentials": self.creds("wide-embed", payload_format="tei"), "input_type": "document", "model": "e1",
            "model_type": "text-embedding", "provider": "sagemaker", "texts": ["one", "two"]})
        self.assertEqual(len(ok.streams[0]["embeddings"][0]), 16384)

    def test_rerank(self):
        docs = ["bananas are yellow", "paris is the capital of france", "the capital city of france is paris"]
        fields = {"credentials": self.creds("demo-rerank", payload_format="tei"), "model": "r1", "model_type": "rerank",
                  "provider": "sagemaker", "query": "capital of france", "docs": docs, "score_threshold": 0,
                  "top_n": 0}
        s = self.h.call("invoke_rerank", fields)
        self.assertIsNone(s.error, s.error)
        ranked = s.streams[0]["docs"]
        self.assertEqual(len(ranked), 3)
        scores = [d["score"] for d in ranked]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertNotEqual(ranked[0]["index"], 0)
        self.assertEqual(ranked[0]["text"], docs[ranked[0]["index"]])
        top = self.h.call("invoke_rerank", dict(fields, top_n=1)).streams[0]["docs"]
        self.assertEqual(len(top), 1)
        high = self.h.call("invoke_rerank", dict(fields, score_threshold=0.5)).streams[0]["docs"]
        self.assertTrue(all(d["score"] >= 0.5 for d in high))
        self.assertLess(len(high), 3)

    def test_tts_then_speech_to_text_round_trip(self):
        v = self.h.call("get_tts_model_voices", {"credentials": self.creds("demo-tts"), "language": "en-US",
                                                  "model": "t", "model_type": "tts", "provider": "sagemaker"})
        voices = v.streams[0]["voices"]
        self.assertGreater(len(voices), 0)
        sentence = "The quick brown fox jumps over the lazy dog. It was a sunny day in Paris."
        t = self.h.call("invoke_tts", {"credentials": self.creds("demo-tts", audio_model_type="PresetVoice"),
                                        "content_text": sentence, "voice": voices[0]["value"], "tenant_id": "t",
                                        "model": "t", "model_type": "tts", "provider": "sagemaker"})
        self.assertIsNone(t.error, t.error)
        audio = b"".join(bytes.fromhex(chunk["result"]) for chunk in t.streams)
        self.assertGreater(len(audio), 100)
        self.assertTrue(all(chunk.get("mime_type") == "audio/mpeg" for chunk in t.streams))
        # The emulator's whisper hears what its CosyVoice said: a real round trip through the runtime.
        s = self.h.call("invoke_speech2text", {"credentials": self.creds("demo-asr"), "file": audio.hex(),
                                                "model": "w", "model_type": "speech2text", "provider": "sagemaker"})
        self.assertIsNone(s.error, s.error)
        self.assertIn("quick brown fox", s.streams[0]["result"])
        bad = self.h.call("invoke_speech2text", {"credentials": self.creds("demo-asr"), "file": "zz", "model": "w",
                                                  "model_type": "speech2text", "provider": "sagemaker"})
        self.assertEqual(bad.error["error_type"], "InvokeBadRequestError")

    def test_long_text_streams_audio_in_pieces(self):
        text = " ".join("Sentence number %d is here." % i for i in range(400))
        t = self.h.call("invoke_tts", {"credentials": self.creds("demo-tts", audio_model_type="PresetVoice"),
                                        "content_text": text, "voice": "", "tenant_id": "t", "model": "t",
                                        "model_type": "tts", "provider": "sagemaker"}, timeout=120)
        self.assertIsNone(t.error, t.error)
        self.assertGreater(len(t.streams), 1)  # every line checked against 5 MiB by the harness

    def test_invoke_failures_carry_dify_error_types(self):
        s = self.llm(endpoint="busy-chat")
        self.assertEqual(s.error["error_type"], "InvokeRateLimitError", s.error)
        s = self.llm(endpoint="no-such-endpoint")
        self.assertEqual(s.error["error_type"], "InvokeBadRequestError", s.error)
        wrong = self.h.call("invoke_llm", {
            "credentials": self.creds("demo-chat", aws_secret_access_key=SECRET + "-wrong"), "model": "m1",
            "model_type": "llm", "provider": "sagemaker", "stream": True, "model_parameters": {},
            "prompt_messages": [{"role": "user", "content": "hi", "name": "", "tool_calls": None,
                                 "tool_call_id": ""}]})
        self.assertEqual(wrong.error["error_type"], "InvokeAuthorizationError", wrong.error)
        broken = self.llm(endpoint="broken-chat", messages=[
            {"role": "user", "content": "tell me a long story about " + "many things " * 30, "name": "",
             "tool_calls": None, "tool_call_id": ""}], model_parameters={"max_tokens": 200})
        self.assertIsNotNone(broken.error, "the broken stream must end in an error")
        self.assertIn(broken.error["error_type"], ("InvokeServerUnavailableError", "InvokeBadRequestError"))
        # Text streamed before the break reached Dify; then the error, then end (checked by the harness).
        self.assertGreater(len(broken.streams), 0)
        self.assertIn("StreamBroken", json.dumps(broken.error))

    def test_many_sessions_interleaved(self):
        ids = []
        for i in range(30):
            if i % 3 == 0:
                ids.append(self.h.request("invoke_llm", {
                    "credentials": self.creds("demo-chat"), "model": "m1", "model_type": "llm", "provider": "sagemaker",
                    "stream": True, "model_parameters": {"max_tokens": 40}, "tools": None, "stop": None,
                    "prompt_messages": [{"role": "user", "content": "session %d says hi" % i, "name": "",
                                         "tool_calls": None, "tool_call_id": ""}]}))
            elif i % 3 == 1:
                ids.append(self.h.request("invoke_text_embedding", {
                    "credentials": self.creds("demo-embed", payload_format="tei"), "input_type": "document",
                    "model": "e", "model_type": "text-embedding", "provider": "sagemaker", "texts": ["x %d" % i]}))
            else:
                ids.append(self.h.request("get_llm_num_tokens", {
                    "credentials": {}, "model": "m", "model_type": "llm", "provider": "sagemaker",
                    "prompt_messages": [], "tools": None}))
        for i, sid in enumerate(ids):
            s = self.h.wait(sid, timeout=60)
            self.assertIsNone(s.error, (i, s.error))
            if i % 3 == 0:
                self.assertIn("session %d says hi" % i, "".join(c["delta"]["message"]["content"] for c in s.streams))

    def test_bad_input_keeps_serving(self):
        before = len(self.h.error_events)
        self.h.send_raw("this is not json")
        self.h.send_raw('{"session_id":"x1","event":"something_else","data":{}}')
        self.h.send_raw("[1,2,3]")
        self.h.send_raw('{"event":"request","data":{"action":"invoke_llm"}}')  # no session id
        deadline = time.monotonic() + 10
        while len(self.h.error_events) < before + 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertGreaterEqual(len(self.h.error_events), before + 2)
        # Session-level problems: an error for that session, then end.
        cases = {
            "unknown action": ("invoke_something", {"model": "m"}),
            "missing model_type": ("invoke_llm", {"credentials": self.creds("demo-chat"), "model": "m",
                                                  "prompt_messages": []}),
            "wrong type": ("invoke_text_embedding", {"credentials": self.creds("demo-embed"), "model": "e",
                                                     "model_type": "text-embedding", "texts": "not a list"}),
            "wrong message type": ("invoke_llm", {"credentials": self.creds("demo-chat"), "model": "m",
                                                  "model_type": "llm", "prompt_messages": [42]}),
        }
        for name, (action, fields) in cases.items():
            with self.subTest(name):
                s = self.h.call(action, fields)
                self.assertIsNotNone(s.error)
                self.assertEqual(s.error["error_type"], "InvokeBadRequestError")
        # 50 MB of hex audio in one line: read, answered, and the runtime still serves.
        big = "ab" * (25 * 1024 * 1024)
        s = self.h.call("invoke_speech2text", {"credentials": self.creds("demo-asr"), "file": big, "model": "w",
                                                "model_type": "speech2text", "provider": "sagemaker"}, timeout=120)
        self.assertIsNotNone(s.error)
        self.assertEqual(s.error["error_type"], "InvokeBadRequestError", s.error)
        after = self.h.call("get_tts_model_voices", {"credentials": {}, "language": "", "model": "t",
                                                      "model_type": "tts", "provider": "sagemaker"})
        self.assertIsNone(after.error)


class StdinEofTest(unittest.TestCase):
    def test_exits_on_eof_after_finishing_open_sessions(self):
        with StdioPlugin([BINARY, "dify"], clean_env()) as plugin:
            self.assertTrue(plugin.harness.heartbeat_seen.wait(10))
            sid = plugin.harness.request("get_tts_model_voices", {"credentials": {}, "language": "", "model": "t",
                                                                   "model_type": "tts", "provider": "sagemaker"})
            plugin.close_stdin()
            self.assertEqual(plugin.process.wait(timeout=15), 0)
            plugin.harness.wait(sid, timeout=5)
            # Only protocol on stdout: every line parsed and passed the rules.
            plugin.harness.assert_clean()


class ParentDeathTest(unittest.TestCase):
    def test_exits_when_its_parent_dies(self):
        # A parent that starts the runtime with a pipe it keeps open elsewhere, then dies: stdin
        # never reaches EOF, so only the parent check can end the runtime (the SDK's ppid check).
        read_end, write_end = os.pipe()  # the test keeps the write end: no EOF ever comes
        script = ("import subprocess,sys,os\n"
                  "p=subprocess.Popen([%r,'dify'],stdin=%d,stdout=subprocess.DEVNULL,"
                  "stderr=subprocess.DEVNULL)\n"
                  "print(p.pid,flush=True)\n"
                  "import time; time.sleep(0.5)\n"
                  "os._exit(0)\n" % (BINARY, read_end))
        parent = subprocess.Popen(["/usr/bin/python3", "-c", script], stdout=subprocess.PIPE, env=clean_env(),
                                  pass_fds=(read_end,))
        os.close(read_end)
        self.addCleanup(os.close, write_end)
        pid = int(parent.stdout.readline())
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            with open("/proc/%d/stat" % pid) as f:
                if f.read().split()[2] == "Z":
                    break  # exited, waiting for its new parent to reap it
            time.sleep(0.1)
        else:
            os.kill(pid, 9)
            self.fail("the runtime outlived its parent")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class RemoteRuntimeTest(unittest.TestCase):
    """A TCP listener plays the daemon's debugging port (dify-plugin-protocol.md §4.3)."""

    def test_registration_serving_and_reconnection(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        env = clean_env(INSTALL_METHOD="remote", REMOTE_INSTALL_URL="tcp://127.0.0.1:%d" % port,
                        REMOTE_INSTALL_KEY="6f1e2c56-key")
        process = subprocess.Popen([BINARY, "dify", "--heartbeat-seconds", "0.3", "--reconnect-delay-seconds",
                                    "0.2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            for attempt in range(2):
                listener.settimeout(10)
                conn, _ = listener.accept()
                conn.settimeout(10)
                reader = conn.makefile("rb")
                registration = []
                while True:
                    line = json.loads(reader.readline())
                    # Before `end` only register payloads: {"type","data"} and nothing else.
                    self.assertEqual(set(line), {"type", "data"}, line)
                    registration.append(line)
                    if line["type"] == "end":
                        break
                types = [l["type"] for l in registration]
                self.assertEqual(types[:3], ["handshake", "manifest_declaration", "model_declaration"])
                self.assertEqual(registration[0]["data"], {"key": "6f1e2c56-key"})
                manifest = registration[1]["data"]
                self.assertRegex(manifest["author"], r"^[a-z0-9_-]{1,64}$")
                self.assertNotEqual(manifest["author"], "langgenius")
                self.assertEqual(manifest["meta"]["runner"]["language"], "python")
                provider = registration[2]["data"][0]
                self.assertEqual(provider["provider"], "sagemaker")
                assets = {}
                for l in registration:
                    if l["type"] == "asset_chunk":
                        assets.setdefault(l["data"]["filename"], b"")
                        assets[l["data"]["filename"]] += base64.b64decode(l["data"]["data"])
                for name in [manifest["icon"], provider["icon_small"]["en_US"], provider["icon_large"]["en_US"]]:
                    self.assertIn(name, assets)
                    self.assertTrue(assets[name].startswith(b"<svg"))
                # After `end`: the common protocol, heartbeats first.
                harness = DaemonHarness(conn.sendall)
                t = threading.Thread(target=read_lines, args=(reader, harness.on_line), daemon=True)
                t.start()
                self.assertTrue(harness.heartbeat_seen.wait(5))
                s = harness.call("get_tts_model_voices", {"credentials": {}, "language": "", "model": "t",
                                                           "model_type": "tts", "provider": "sagemaker"})
                self.assertIsNone(s.error)
                time.sleep(0.7)
                self.assertGreaterEqual(len(harness.heartbeats), 2)
                harness.assert_clean()
                # Drop the connection: the plugin must come back and register again.
                conn.shutdown(socket.SHUT_RDWR)
                conn.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
            listener.close()

    def test_bad_key_is_reported_and_retried_then_given_up(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        env = clean_env(INSTALL_METHOD="remote", REMOTE_INSTALL_HOST="127.0.0.1", REMOTE_INSTALL_PORT=str(port),
                        REMOTE_INSTALL_KEY="bad")
        process = subprocess.Popen([BINARY, "dify", "--reconnect-delay-seconds", "0.1", "--reconnect-attempts",
                                    "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            for _ in range(2):
                listener.settimeout(10)
                conn, _ = listener.accept()
                conn.makefile("rb").readline()
                conn.sendall(b"handshake failed, invalid key\n")
                conn.close()
            self.assertEqual(process.wait(timeout=15), 1)
            self.assertIn(b"handshake failed, invalid key", process.stderr.read())
        finally:
            if process.poll() is None:
                process.kill()
            listener.close()


class ServerlessRuntimeTest(unittest.TestCase):
    def test_invoke_and_health(self):
        port = free_port()
        env = clean_env(INSTALL_METHOD="serverless", SERVERLESS_HOST="127.0.0.1", SERVERLESS_PORT=str(port))
        process = subprocess.Popen([BINARY, "dify"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    health = urllib.request.urlopen("http://127.0.0.1:%d/health" % port, timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            self.assertEqual(health, b"OK")
            harness = DaemonHarness(lambda data: None)
            sid = "3d1f-serverless"
            harness.sessions[sid] = __import__("dify_daemon").Session("get_tts_model_voices")
            body = request_line(sid, "get_tts_model_voices", {"credentials": {}, "language": "", "model": "t",
                                                              "model_type": "tts", "provider": "sagemaker"})
            req = urllib.request.Request("http://127.0.0.1:%d/invoke?action=get_tts_model_voices" % port,
                                         data=body.encode(), method="POST",
                                         headers={"Content-Type": "application/json", "Accept": "text/event-stream",
                                                  "Dify-Plugin-Session-ID": sid})
            with urllib.request.urlopen(req, timeout=10) as response:
                self.assertEqual(response.status, 200)
                for line in response.read().split(b"\n"):
                    if line.strip():
                        harness.on_line(line)
            session = harness.wait(sid, timeout=1)
            self.assertEqual(len(session.streams), 1)
            self.assertEqual(harness.heartbeats, [])  # no heartbeats on serverless
            # A streamed LLM session against the emulator, read line by line as the daemon does.
            with EmulatorProcess() as emulator:
                sid = "serverless-llm"
                harness.sessions[sid] = __import__("dify_daemon").Session("invoke_llm")
                creds = {"sagemaker_endpoint": "demo-chat", "aws_region": "us-east-1", "endpoint_url": emulator.url,
                         "aws_access_key_id": "test", "aws_secret_access_key": "test"}
                body = request_line(sid, "invoke_llm", {
                    "credentials": creds, "model": "m", "model_type": "llm", "provider": "sagemaker", "stream": True,
                    "model_parameters": {"max_tokens": 32}, "tools": None, "stop": None,
                    "prompt_messages": [{"role": "user", "content": "serverless hello", "name": "",
                                         "tool_calls": None, "tool_call_id": ""}]})
                req = urllib.request.Request("http://127.0.0.1:%d/invoke?action=invoke_llm" % port,
                                             data=body.encode(), method="POST",
                                             headers={"Content-Type": "application/json",
                                                      "Dify-Plugin-Session-ID": sid})
                with urllib.request.urlopen(req, timeout=30) as response:
                    for line in response:
                        if line.strip():
                            harness.on_line(line.rstrip(b"\n"))
                session = harness.wait(sid, timeout=1)
                self.assertIsNone(session.error, session.error)
                self.assertIn("serverless hello",
                              "".join(c["delta"]["message"]["content"] for c in session.streams))
            bad = urllib.request.Request("http://127.0.0.1:%d/invoke?action=x" % port, data=b"{not json",
                                         method="POST")
            with self.assertRaises(urllib.error.HTTPError) as ctx:
                urllib.request.urlopen(bad, timeout=10)
            self.assertEqual(ctx.exception.code, 400)
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    unittest.main(verbosity=2)
