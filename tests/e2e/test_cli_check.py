"""`sagemaker-provider check`: each diagnosis the README promises, against the emulator.

The emulator plays an AWS account with two users, a partner role that requires an ExternalId, an
endpoint that lives only in us-west-2 and one that is still being created.
"""
import json
import os
import sys
import time
import unittest

import boto3

sys.path.insert(0, os.path.dirname(__file__))
from cli_harness import clean_env, run  # noqa: E402
from emulator_process import EmulatorProcess  # noqa: E402

CONFIG = """
identities:
  - {name: alice, access_key_id: AKIAALICEEXAMPLE, secret_access_key: alice/secret+key}
  - name: bob
    access_key_id: AKIABOBEXAMPLE1
    secret_access_key: bob-secret
    allow: [{action: "sts:GetCallerIdentity", resource: "*"}]
roles:
  - arn: arn:aws:iam::000000000000:role/partner
    trust: [AKIAALICEEXAMPLE]
    external_id: partner-ext-id
endpoints:
  - {name: chat, container: vllm}
  - {name: west-only, regions: [us-west-2], container: vllm}
  - {name: warming, status: Creating, container: vllm}
"""

ALICE = ["--access-key-id", "AKIAALICEEXAMPLE", "--secret-access-key", "alice/secret+key"]
BOB = ["--access-key-id", "AKIABOBEXAMPLE1", "--secret-access-key", "bob-secret"]
ROLE = "arn:aws:iam::000000000000:role/partner"


class CheckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emulator = EmulatorProcess(CONFIG).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.emulator.__exit__(None, None, None)

    def check(self, endpoint, *extra, region="us-east-1"):
        result = run(["check", endpoint, "--region", region, "--endpoint-url", self.emulator.url,
                      *extra])
        out = result.stdout.decode() + result.stderr.decode()
        for secret in ("alice/secret+key", "bob-secret"):
            self.assertNotIn(secret, out)
        return result.returncode, out

    def test_all_steps_pass_with_a_test_invocation(self):
        code, out = self.check("chat", *ALICE, "--invoke-body",
                               '{"messages":[{"role":"user","content":"hello"}]}')
        self.assertEqual(code, 0, out)
        for step in ("region", "credentials", "identity", "endpoint", "invocation"):
            self.assertRegex(out, rf"ok\s+{step}")
        self.assertIn("arn:aws:iam::000000000000:user/alice", out)
        self.assertIn("result: all checks passed", out)

    def test_role_with_external_id(self):
        code, out = self.check("chat", *ALICE, "--assume-role-arn", ROLE, "--external-id",
                               "partner-ext-id")
        self.assertEqual(code, 0, out)
        self.assertRegex(out, r"ok\s+role\s+assumed " + ROLE)

    def test_access_denied_when_the_external_id_is_missing_or_wrong(self):
        for extra in ([], ["--external-id", "wrong-id"]):
            code, out = self.check("chat", *ALICE, "--assume-role-arn", ROLE, *extra)
            self.assertEqual(code, 3, out)
            self.assertIn("diagnosis: Access Denied", out)
            self.assertIn("ExternalId", out)

    def test_access_denied_for_an_identity_without_invoke_permission(self):
        code, out = self.check("chat", *BOB, "--invoke-body", "{}")
        self.assertEqual(code, 3, out)
        self.assertIn("diagnosis: Access Denied", out)
        self.assertIn("sagemaker:InvokeEndpoint", out)

    def test_invalid_arn_is_caught_before_any_call(self):
        code, out = self.check("chat", *ALICE, "--assume-role-arn", "arn:aws:iam::12345:role/x")
        self.assertEqual(code, 2, out)
        self.assertIn("diagnosis: Invalid ARN", out)
        self.assertIn("12 digits", out)

    def test_endpoint_not_found(self):
        code, out = self.check("no-such-endpoint", *ALICE)
        self.assertEqual(code, 4, out)
        self.assertIn("diagnosis: Endpoint Not Found", out)
        self.assertIn("--scan-regions", out)

    def test_region_mismatch_found_by_scanning(self):
        code, out = self.check("west-only", *ALICE, "--scan-regions")
        self.assertEqual(code, 4, out)
        self.assertIn("diagnosis: Region Mismatch", out)
        self.assertIn("us-west-2", out)
        code, out = self.check("west-only", *ALICE, region="us-west-2")
        self.assertEqual(code, 0, out)

    def test_endpoint_not_in_service(self):
        code, out = self.check("warming", *ALICE)
        self.assertEqual(code, 5, out)
        self.assertIn("diagnosis: Endpoint not InService", out)
        self.assertIn("Creating", out)

    def test_wrong_secret_and_unknown_key(self):
        code, out = self.check("chat", "--access-key-id", "AKIAALICEEXAMPLE", "--secret-access-key",
                               "not-it")
        self.assertEqual(code, 3, out)
        self.assertIn("diagnosis: Invalid credentials", out)
        code, out = self.check("chat", "--access-key-id", "AKIAUNKNOWNKEY00", "--secret-access-key",
                               "x")
        self.assertEqual(code, 3, out)
        self.assertIn("diagnosis: Invalid credentials", out)

    def test_invoke_through_the_assumed_role_streams_the_container_output(self):
        body = '{"messages":[{"role":"user","content":"hello there"}],"stream":true}'
        result = run(["invoke", "chat", "--region", "us-east-1", "--endpoint-url", self.emulator.url,
                      *ALICE, "--assume-role-arn", ROLE, "--external-id", "partner-ext-id",
                      "--stream", "--body", body])
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        self.assertTrue(out.startswith("data: "), out[:200])
        self.assertIn("data: [DONE]", out)
        records = [line[len("data: "):] for line in out.splitlines() if line.startswith("data: {")]
        text = "".join(json.loads(r)["choices"][0]["delta"].get("content") or "" for r in records)
        self.assertEqual(text, "You said: hello there")

    def test_expired_session_credentials(self):
        # Temporary credentials from the emulator's STS that have run out.
        config = CONFIG.replace("    external_id: partner-ext-id",
                                "    external_id: partner-ext-id\n    session_duration: 1")
        with EmulatorProcess(config) as emu:
            sts = boto3.client("sts", region_name="us-east-1", endpoint_url=emu.url,
                               aws_access_key_id="AKIAALICEEXAMPLE",
                               aws_secret_access_key="alice/secret+key")
            creds = sts.assume_role(RoleArn=ROLE, RoleSessionName="expiry-test", ExternalId="partner-ext-id")
            c = creds["Credentials"]
            time.sleep(2.5)
            result = run(["check", "chat", "--region", "us-east-1", "--endpoint-url", emu.url,
                          "--access-key-id", c["AccessKeyId"], "--secret-access-key",
                          c["SecretAccessKey"], "--session-token", c["SessionToken"]])
            out = result.stdout.decode()
            self.assertEqual(result.returncode, 3, out)
            self.assertIn("diagnosis: Expired credentials", out)
            self.assertNotIn(c["SessionToken"], out + result.stderr.decode())


if __name__ == "__main__":
    unittest.main()
