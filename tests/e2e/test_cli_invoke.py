"""`sagemaker-provider invoke` against a runtime stand-in that verifies signatures with botocore.

Each case checks the exit code of README "Exit codes", what reaches stdout, and that no secret ever
reaches stderr, even with --verbose.
"""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from cli_harness import clean_env, run  # noqa: E402
from fake_runtime import BINARY_PAYLOAD, FakeRuntime  # noqa: E402

KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TEMP_KEY, TEMP_SECRET, TOKEN = "ASIATEMPEXAMPLE", "temporary/secret+key", "session/token+with=odd/chars"


class InvokeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.runtime = FakeRuntime({KEY: (SECRET, None), TEMP_KEY: (TEMP_SECRET, TOKEN)}).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.runtime.__exit__(None, None, None)

    def invoke(self, endpoint, *extra, key=KEY, secret=SECRET, env=None, stdin=None):
        args = ["invoke", endpoint, "--region", "us-east-1", "--endpoint-url", self.runtime.url,
                "--access-key-id", key, "--secret-access-key", secret, "--verbose", *extra]
        result = run(args, env=env, stdin=stdin)
        stderr = result.stderr.decode("utf-8", "replace")
        for secret_value in (SECRET, TEMP_SECRET, TOKEN):
            self.assertNotIn(secret_value, stderr)
        return result, stderr

    def calls_to(self, endpoint):
        return [c for c in self.runtime.calls if c["path"].split("/")[2] == endpoint]

    def test_plain_invoke_is_signed_as_botocore_expects(self):
        result, stderr = self.invoke("echo", "--body", '{"inputs":"Hello"}', "--custom-attributes",
                                     "accept_eula=true", "--inference-component", "ic-1",
                                     "--target-variant", "v1", "--accept", "application/json")
        self.assertEqual(result.returncode, 0, stderr)
        reply = json.loads(result.stdout)
        self.assertEqual(reply["body"], '{"inputs":"Hello"}')
        self.assertEqual(reply["headers"]["X-Amzn-SageMaker-Custom-Attributes"], "accept_eula=true")
        self.assertEqual(reply["headers"]["X-Amzn-SageMaker-Inference-Component"], "ic-1")
        self.assertEqual(reply["headers"]["X-Amzn-SageMaker-Target-Variant"], "v1")
        self.assertIn("Signature=<redacted>", stderr)
        self.assertIn("variant: AllTraffic", stderr)
        self.assertIn("custom attributes: echoed=true", stderr)

    def test_session_token_is_sent_and_signed(self):
        result, stderr = self.invoke("echo", "--body", "{}", "--session-token", TOKEN, key=TEMP_KEY,
                                     secret=TEMP_SECRET)
        self.assertEqual(result.returncode, 0, stderr)
        call = self.calls_to("echo")[-1]
        self.assertEqual(call["headers"]["X-Amz-Security-Token"], TOKEN)
        self.assertIn("x-amz-security-token", call["headers"]["Authorization"])
        self.assertIn("X-Amz-Security-Token: <redacted>", stderr)

    def test_wrong_secret_is_an_auth_error(self):
        result, stderr = self.invoke("echo", "--body", "{}", secret="not-the-secret")
        self.assertEqual(result.returncode, 3, stderr)
        self.assertIn("InvalidSignatureException", stderr)

    def test_body_from_file_and_stdin(self):
        with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as f:
            f.write(b'{"from":"file"}')
        result, stderr = self.invoke("echo", "--body", "@" + f.name)
        self.assertEqual(result.returncode, 0, stderr)
        self.assertEqual(json.loads(result.stdout)["body"], '{"from":"file"}')
        result, stderr = self.invoke("echo", "--body", "-", stdin=b'{"from":"stdin"}')
        self.assertEqual(result.returncode, 0, stderr)
        self.assertEqual(json.loads(result.stdout)["body"], '{"from":"stdin"}')
        result, stderr = self.invoke("echo", "--body", "@/nonexistent/file.json")
        self.assertEqual(result.returncode, 2)
        self.assertIn("/nonexistent/file.json", stderr)

    def test_stream_prints_every_part_in_order(self):
        result, stderr = self.invoke("stream-40", "--stream", "--body", '{"stream":true}')
        self.assertEqual(result.returncode, 0, stderr)
        expected = "".join(f'data: {{"n":{i}}}\n\n' for i in range(40))
        self.assertEqual(result.stdout.decode(), expected)
        call = self.calls_to("stream-40")[-1]
        self.assertTrue(call["path"].endswith("/invocations-response-stream"))

    def test_non_utf8_stream_bytes_are_relayed_exactly(self):
        result, stderr = self.invoke("binary", "--stream", "--body", "{}")
        self.assertEqual(result.returncode, 0, stderr)
        self.assertEqual(result.stdout, BINARY_PAYLOAD)

    def test_model_stream_error_ends_the_stream_as_an_error(self):
        result, stderr = self.invoke("stream-error", "--stream", "--body", "{}")
        self.assertEqual(result.returncode, 6, stderr)
        self.assertEqual(result.stdout.decode(), 'data: {"n":1}\n\ndata: {"n":2}\n\n')
        self.assertIn("ModelInvocationTimeExceeded", stderr)
        self.assertIn("Model timed out", stderr)

    def test_throttling_is_retried_with_the_same_invocation_id(self):
        result, stderr = self.invoke("throttle-2", "--body", "{}")
        self.assertEqual(result.returncode, 0, stderr)
        calls = self.calls_to("throttle-2")
        self.assertEqual([c["headers"]["amz-sdk-request"] for c in calls],
                         ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"])
        self.assertEqual(len({c["headers"]["amz-sdk-invocation-id"] for c in calls}), 1)

    def test_throttling_beyond_the_attempts_exits_5(self):
        result, stderr = self.invoke("throttle-9", "--body", "{}",
                                     env=clean_env(AWS_MAX_ATTEMPTS="2"))
        self.assertEqual(result.returncode, 5, stderr)
        self.assertEqual(len(self.calls_to("throttle-9")), 2)
        result, stderr = self.invoke("unavailable", "--body", "{}", env=clean_env(AWS_MAX_ATTEMPTS="1"))
        self.assertEqual(result.returncode, 5, stderr)

    def test_unknown_endpoint_exits_4(self):
        result, stderr = self.invoke("missing", "--body", "{}")
        self.assertEqual(result.returncode, 4, stderr)
        self.assertIn("Endpoint missing of account 123456789012 not found.", stderr)
        self.assertEqual(len(self.calls_to("missing")), 1)  # not retried

    def test_model_error_shows_the_container_status_and_log_stream(self):
        result, stderr = self.invoke("model-error", "--body", "{}")
        self.assertEqual(result.returncode, 6, stderr)
        self.assertIn("OriginalStatusCode: 400", stderr)
        self.assertIn("OriginalMessage: bad input", stderr)
        self.assertIn("LogStreamArn: arn:aws:logs:", stderr)

    def test_read_timeout_exits_7_without_running_the_model_twice(self):
        before = len(self.calls_to("slow"))
        result, stderr = self.invoke("slow", "--body", "{}", "--timeout", "1")
        self.assertEqual(result.returncode, 7, stderr)
        self.assertIn("timed out", stderr)
        self.assertEqual(len(self.calls_to("slow")), before + 1)

    def test_clock_skew_is_learnt_from_the_error_and_the_call_succeeds(self):
        result, stderr = self.invoke("skewed", "--body", "{}")
        self.assertEqual(result.returncode, 0, stderr)
        self.assertIn("clock skew", stderr)
        calls = self.calls_to("skewed")
        self.assertEqual(len(calls), 2)
        self.assertNotEqual(calls[0]["headers"]["X-Amz-Date"], calls[1]["headers"]["X-Amz-Date"])

    def test_bad_input_is_refused_before_any_request(self):
        before = len(self.runtime.calls)
        result, stderr = self.invoke("bad_name", "--body", "{}")
        self.assertEqual(result.returncode, 2, stderr)
        self.assertIn("endpoint name", stderr)
        with tempfile.NamedTemporaryFile("wb", delete=False) as f:
            f.write(b"x" * (6 * 1024 * 1024 + 1))
        result, stderr = self.invoke("echo", "--body", "@" + f.name)
        self.assertEqual(result.returncode, 2, stderr)
        self.assertIn("6 MiB", stderr)
        result, stderr = self.invoke("echo", "--body", "{}", "--stream", "--session-id", "NEW_SESSION")
        self.assertEqual(result.returncode, 2, stderr)
        self.assertEqual(len(self.runtime.calls), before)

    def test_connection_refused_exits_7(self):
        args = ["invoke", "echo", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9",
                "--access-key-id", KEY, "--secret-access-key", SECRET, "--body", "{}"]
        result = run(args, env=clean_env(AWS_MAX_ATTEMPTS="1"))
        self.assertEqual(result.returncode, 7, result.stderr)

    def test_missing_credentials_and_region_are_explained(self):
        result = run(["invoke", "echo", "--body", "{}", "--endpoint-url", self.runtime.url])
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(b"region", result.stderr)
        result = run(["invoke", "echo", "--body", "{}", "--region", "us-east-1", "--endpoint-url",
                      self.runtime.url])
        self.assertEqual(result.returncode, 3, result.stderr)


if __name__ == "__main__":
    unittest.main()
