"""`sagemaker-provider chat`, `embed` and `rerank` against `sagemaker-provider emulate`.

Every endpoint cuts its response stream at random byte boundaries (records and UTF-8 characters
split across payload parts). Each case checks the exit code of README "Exit codes", what reaches
stdout, and that no secret reaches stderr.
"""
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from cli_harness import BINARY, clean_env, run  # noqa: E402
from emulator_process import EmulatorProcess  # noqa: E402

SECRET = "test"
CONFIG = """
seed: 17
endpoints:
  - name: demo-chat
    backend: {container: vllm, model_id: Qwen/Qwen3-8B}
    chunking: {random: true, min_part: 1, max_part: 7}
  - name: plain-chat
    container: vllm
    chunking: {random: true, min_part: 1, max_part: 5}
  - name: slow-chat
    container: vllm
    latency: {first_byte_ms: 0, per_part_ms: 150}
  - name: lmi-chat
    container: lmi
    chunking: {random: true, min_part: 1, max_part: 6}
  - name: tgi-chat
    container: tgi
    chunking: {random: true, min_part: 1, max_part: 6}
  - name: breaks
    container: vllm
    chunking: {random: true, min_part: 1, max_part: 6}
    faults: [{kind: model_stream_error, rate: 1.0, after_parts: 6}]
  - name: demo-embed
    backend: {container: tei, task: embed}
  - name: bge
    container: bge-m3
  - name: demo-rerank
    backend: {container: tei, task: rerank}
  - name: flag
    container: flag-reranker
  - name: qwen3
    container: qwen3-reranker
"""


def cosine(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    return dot / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


class ModelCommandsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emulator = EmulatorProcess(CONFIG).__enter__()
        cls.aws = ["--region", "us-east-1", "--endpoint-url", cls.emulator.url,
                   "--access-key-id", "test", "--secret-access-key", SECRET]

    @classmethod
    def tearDownClass(cls):
        cls.emulator.__exit__(None, None, None)

    def cli(self, *args, secret=SECRET):
        aws = list(self.aws)
        aws[-1] = secret
        result = run([*args, *aws])
        stderr = result.stderr.decode("utf-8", "replace")
        if secret != "test":
            self.assertNotIn(secret, stderr)
        return result, stderr

    # chat

    def test_chat_prints_the_answer_and_reasoning_apart(self):
        result, stderr = self.cli("chat", "demo-chat", "hello", "über", "world",
                                  "--model-id", "Qwen/Qwen3-8B")
        self.assertEqual(result.returncode, 0, stderr)
        self.assertEqual(result.stdout.decode(), "You said: hello über world\n")
        self.assertIn("hello über world", stderr)  # the reasoning, on stderr

    def test_chat_json_is_the_whole_neutral_result(self):
        result, stderr = self.cli("chat", "demo-chat", "why", "--json", "--model-id", "Qwen3-8B")
        self.assertEqual(result.returncode, 0, stderr)
        reply = json.loads(result.stdout)
        self.assertEqual(reply["content"], "You said: why")
        self.assertTrue(reply["reasoning"])
        self.assertEqual(reply["finish_reason"], "stop")
        self.assertFalse(reply["usage"]["estimated"])
        self.assertEqual(reply["usage"]["total_tokens"],
                         reply["usage"]["prompt_tokens"] + reply["usage"]["completion_tokens"])

    def test_stream_json_chunks_add_up(self):
        result, stderr = self.cli("chat", "plain-chat", "split", "me", "up", "--stream", "--json",
                                  "--system", "be brief")
        self.assertEqual(result.returncode, 0, stderr)
        lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
        final = lines[-1]
        chunks = lines[:-1]
        self.assertGreater(len(chunks), 2)
        self.assertEqual("".join(c.get("content", "") for c in chunks), final["content"])
        self.assertEqual(final["content"], "You said: split me up")
        self.assertEqual(chunks[-1]["finish_reason"], "stop")

    def test_streaming_prints_tokens_as_they_arrive(self):
        args = [BINARY, "chat", "slow-chat", "one two three four five six seven eight", "--stream",
                *self.aws]
        start = time.monotonic()
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=clean_env())
        first = process.stdout.read(3)
        first_at = time.monotonic() - start
        rest = process.stdout.read()
        process.wait(timeout=60)
        total = time.monotonic() - start
        self.assertEqual(process.returncode, 0, process.stderr.read())
        process.stderr.close()
        process.stdout.close()
        self.assertEqual((first + rest).decode(),
                         "You said: one two three four five six seven eight\n")
        # Parts come 150 ms apart: the first words are out long before the last.
        self.assertLess(first_at, total - 0.6, (first_at, total))

    def test_max_tokens_and_temperature(self):
        result, stderr = self.cli("chat", "plain-chat", "a", "long", "sentence", "to", "cut",
                                  "--max-tokens", "2", "--temperature", "0.2", "--json")
        self.assertEqual(result.returncode, 0, stderr)
        reply = json.loads(result.stdout)
        self.assertEqual(reply["finish_reason"], "length")
        self.assertEqual(reply["usage"]["completion_tokens"], 2)

    def test_tools_from_a_file(self):
        tools = [{"type": "function", "function": {
            "name": "get_weather", "description": "Weather for a city",
            "parameters": {"type": "object", "properties": {"location": {"type": "string"}},
                           "required": ["location"]}}}]
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(tools, f)
        result, stderr = self.cli("chat", "plain-chat", "What is the weather in Paris?",
                                  "--tools", f.name, "--json", "--stream")
        self.assertEqual(result.returncode, 0, stderr)
        final = json.loads(result.stdout.decode().splitlines()[-1])
        self.assertEqual(final["finish_reason"], "tool_calls")
        self.assertEqual(len(final["tool_calls"]), 1)
        call = final["tool_calls"][0]
        self.assertEqual(call["name"], "get_weather")
        self.assertIn("Paris", json.loads(call["arguments"])["location"])
        self.assertTrue(call["id"])
        result, stderr = self.cli("chat", "plain-chat", "weather in Oslo", "--tools", f.name)
        self.assertEqual(result.returncode, 0, stderr)
        self.assertIn("tool call ", result.stdout.decode())
        os.unlink(f.name)

    def test_bad_tools_file_is_a_usage_error(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write('[{"type":"function","function":{"description":"no name"}}]')
        result, stderr = self.cli("chat", "plain-chat", "hi", "--tools", f.name)
        self.assertEqual(result.returncode, 2, stderr)
        self.assertIn(f.name, stderr)
        self.assertIn("name", stderr)
        result, stderr = self.cli("chat", "plain-chat", "hi", "--tools", "/nonexistent/tools.json")
        self.assertEqual(result.returncode, 2, stderr)
        os.unlink(f.name)

    def test_lmi_and_tgi_formats(self):
        for endpoint, fmt in (("lmi-chat", "lmi"), ("lmi-chat", "auto"), ("tgi-chat", "tgi"),
                              ("tgi-chat", "openai")):
            for stream in ([], ["--stream"]):
                result, stderr = self.cli("chat", endpoint, "ünïcödé", "parts", "--format", fmt,
                                          *stream)
                self.assertEqual(result.returncode, 0, (endpoint, fmt, stream, stderr))
                self.assertIn("ünïcödé parts", result.stdout.decode(), (endpoint, fmt, stream))

    def test_mid_stream_failure_is_a_model_error(self):
        result, stderr = self.cli("chat", "breaks", "this answer breaks in the middle", "--stream")
        self.assertEqual(result.returncode, 6, stderr)
        self.assertIn("error:", stderr)
        self.assertNotIn("You said: this answer breaks in the middle\n", result.stdout.decode())

    def test_chat_errors_and_exit_codes(self):
        result, stderr = self.cli("chat", "no-such-endpoint", "hi")
        self.assertEqual(result.returncode, 4, stderr)
        self.assertIn("no-such-endpoint", stderr)
        result, stderr = self.cli("chat", "plain-chat", "hi", secret="definitely-wrong-secret")
        self.assertEqual(result.returncode, 3, stderr)
        result, stderr = self.cli("chat", "plain-chat", "hi", "--format", "bedrock")
        self.assertEqual(result.returncode, 2, stderr)
        self.assertIn("payload_format", stderr)

    # embed

    def test_embed_keeps_input_order_across_batches(self):
        texts = [f"text {i} about {w}" for i, w in
                 enumerate(["cats", "rivers", "violins", "engines", "gardens"] * 3)]
        result, stderr = self.cli("embed", "demo-embed", *texts, "--batch-size", "4")
        self.assertEqual(result.returncode, 0, stderr)
        reply = json.loads(result.stdout)
        self.assertEqual(len(reply["embeddings"]), len(texts))
        self.assertEqual(reply["dimensions"], len(reply["embeddings"][0]))
        for i in (0, 6, 14):
            single, stderr = self.cli("embed", "demo-embed", texts[i])
            self.assertEqual(single.returncode, 0, stderr)
            vector = json.loads(single.stdout)["embeddings"][0]
            self.assertAlmostEqual(cosine(vector, reply["embeddings"][i]), 1.0, places=5)
            self.assertLess(cosine(vector, reply["embeddings"][(i + 1) % len(texts)]), 0.999)

    def test_embed_query_differs_from_document_for_bge_m3(self):
        doc, stderr = self.cli("embed", "bge", "capital of France", "--format", "bge-m3")
        self.assertEqual(doc.returncode, 0, stderr)
        query, stderr = self.cli("embed", "bge", "capital of France", "--format", "bge-m3",
                                 "--query")
        self.assertEqual(query.returncode, 0, stderr)
        d = json.loads(doc.stdout)["embeddings"][0]
        q = json.loads(query.stdout)["embeddings"][0]
        self.assertLess(cosine(d, q), 0.999)

    def test_embed_wrong_format_names_endpoint_and_format(self):
        result, stderr = self.cli("embed", "demo-embed", "a", "--format", "jumpstart")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("demo-embed", stderr)
        self.assertIn("jumpstart", stderr)

    # rerank

    def test_rerank_sorted_with_indices_top_n_and_threshold(self):
        docs = ["dog toys", "cat food for kittens", "weather report", "dry cat food", "a cat"]
        for endpoint, fmt in (("demo-rerank", "tei"), ("flag", "flag"), ("qwen3", "qwen3")):
            result, stderr = self.cli("rerank", endpoint, "--query", "cat food", *docs,
                                      "--format", fmt)
            self.assertEqual(result.returncode, 0, (endpoint, stderr))
            results = json.loads(result.stdout)["results"]
            self.assertEqual(len(results), len(docs))
            scores = [r["score"] for r in results]
            self.assertEqual(scores, sorted(scores, reverse=True), endpoint)
            self.assertEqual({results[0]["index"], results[1]["index"]}, {1, 3}, endpoint)
            for r in results:
                self.assertEqual(r["document"], docs[r["index"]])
                self.assertTrue(0.0 <= r["score"] <= 1.0, (endpoint, r))
            top, stderr = self.cli("rerank", endpoint, "-q", "cat food", *docs, "--format", fmt,
                                   "--top-n", "2")
            self.assertEqual([r["index"] for r in json.loads(top.stdout)["results"]],
                             [r["index"] for r in results[:2]])
            threshold = (results[2]["score"] + results[3]["score"]) / 2
            above, stderr = self.cli("rerank", endpoint, "-q", "cat food", *docs, "--format", fmt,
                                     "--score-threshold", repr(threshold))
            self.assertEqual(len(json.loads(above.stdout)["results"]), 3, endpoint)

    def test_rerank_needs_a_query(self):
        result, stderr = self.cli("rerank", "demo-rerank", "--query", "", "doc")
        self.assertEqual(result.returncode, 2, stderr)


if __name__ == "__main__":
    unittest.main()
