"""The emulator as botocore/boto3 from Debian (python3-botocore 1.29) sees it.

botocore is the independent oracle here: it signs, serializes and parses exactly as it does
against AWS, so every call below passing means the emulator speaks the real wire protocol, and
every error raising the exception class/code botocore raises for the real service means the error
shapes match. botocore 1.29 predates InvokeEndpointWithResponseStream, so the stream is requested
with botocore's own SigV4Auth and decoded with botocore's EventStreamBuffer.
"""
import json
import os
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import boto3
import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.eventstream import EventStreamBuffer
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(__file__))
from cli_harness import run  # noqa: E402
from emulator_process import EmulatorProcess  # noqa: E402

CONFIG = """
endpoints:
  - {name: demo-chat, container: vllm}
  - name: broken-stream
    container: vllm
    faults:
      - {kind: model_stream_error, after_parts: 2, error_code: ModelInvocationTimeExceeded}
  - name: random-parts
    container: vllm
    chunking: {random: true, min_part: 1, max_part: 7, seed: 11}
  - name: throttled
    container: vllm
    faults: [{kind: throttling}]
roles:
  - arn: arn:aws:iam::000000000000:role/demo
    trust: [test]
  - arn: arn:aws:iam::000000000000:role/demo-external
    trust: [test]
    external_id: demo-external-id
  - arn: arn:aws:iam::000000000000:role/brief
    trust: [test]
    session_duration: 2
buckets: [sagemaker-emulator]
"""

NO_RETRIES = Config(retries={"max_attempts": 1, "mode": "standard"})
CHAT = {"messages": [{"role": "user", "content": "Hello emulator"}], "max_tokens": 32}


class Boto3AgainstEmulator(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emulator = EmulatorProcess(CONFIG).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.emulator.__exit__(None, None, None)

    def client(self, service, key="test", secret="test", token=None, region="us-east-1",
               config=NO_RETRIES):
        return boto3.session.Session().client(
            service, endpoint_url=self.emulator.url, region_name=region, aws_access_key_id=key,
            aws_secret_access_key=secret, aws_session_token=token, config=config)

    def assert_client_error(self, code, call, *args, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(*args, **kwargs)
        self.assertEqual(caught.exception.response["Error"]["Code"], code,
                         caught.exception.response)
        return caught.exception

    def signed_stream(self, endpoint, body, credentials=Credentials("test", "test")):
        """POST …/invocations-response-stream signed by botocore; returns the decoded events."""
        request = AWSRequest(method="POST",
                             url=f"{self.emulator.url}/endpoints/{endpoint}/invocations-response-stream",
                             data=body.encode() if isinstance(body, str) else body,
                             headers={"Content-Type": "application/json",
                                                 "X-Amzn-SageMaker-Accept": "text/event-stream"})
        SigV4Auth(credentials, "sagemaker", "us-east-1").add_auth(request)
        prepared = request.prepare()
        http = urllib.request.Request(prepared.url, data=prepared.body, method="POST",
                                      headers=dict(prepared.headers))
        with urllib.request.urlopen(http) as response:
            headers = dict(response.headers)
            buffer = EventStreamBuffer()
            events = []
            while True:
                chunk = response.read(13)  # small reads: frames split across reads
                if not chunk:
                    break
                buffer.add_data(chunk)
                events.extend(buffer)
        return headers, events

    # --- SageMaker runtime -----------------------------------------------------------------

    def test_invoke_endpoint_returns_the_containers_answer(self):
        runtime = self.client("sagemaker-runtime")
        response = runtime.invoke_endpoint(EndpointName="demo-chat", ContentType="application/json",
                                           Accept="application/json", Body=json.dumps(CHAT),
                                           CustomAttributes="accept_eula=true")
        self.assertEqual(response["ContentType"], "application/json")
        self.assertEqual(response["InvokedProductionVariant"], "AllTraffic")
        self.assertEqual(len(response["ResponseMetadata"]["RequestId"]), 36)
        reply = json.loads(response["Body"].read())
        self.assertEqual(reply["object"], "chat.completion")
        self.assertIn("Hello emulator", reply["choices"][0]["message"]["content"])

    def test_stream_decodes_with_botocores_event_stream_parser(self):
        body = json.dumps(dict(CHAT, stream=True))
        headers, events = self.signed_stream("random-parts", body)
        self.assertEqual(headers["Content-Type"], "application/vnd.amazon.eventstream")
        self.assertTrue(headers["X-Amzn-SageMaker-Content-Type"].startswith("text/event-stream"))
        payload = b""
        for event in events:
            self.assertEqual(event.headers[":message-type"], "event")
            self.assertEqual(event.headers[":event-type"], "PayloadPart")
            payload += event.payload
        self.assertGreater(len(events), 10)  # cut at random boundaries of 1..7 bytes
        text = payload.decode("utf-8")  # whole UTF-8 once joined, whatever the cuts
        self.assertTrue(text.rstrip().endswith("data: [DONE]"), text[-80:])
        self.assertIn("chat.completion.chunk", text)

    def test_stream_model_stream_error_is_an_exception_event(self):
        _, events = self.signed_stream("broken-stream", json.dumps(dict(CHAT, stream=True)))
        self.assertEqual(len(events), 3)
        error = events[-1].to_response_dict()
        self.assertEqual(error["status_code"], 400)
        self.assertEqual(events[-1].headers[":exception-type"], "ModelStreamError")
        self.assertEqual(json.loads(events[-1].payload)["ErrorCode"], "ModelInvocationTimeExceeded")

    def test_stream_with_the_client_method_when_botocore_has_it(self):
        runtime = self.client("sagemaker-runtime")
        if not hasattr(runtime, "invoke_endpoint_with_response_stream"):
            self.skipTest("botocore " + botocore.__version__ + " predates the stream operation")
        response = runtime.invoke_endpoint_with_response_stream(
            EndpointName="random-parts", ContentType="application/json",
            Body=json.dumps(dict(CHAT, stream=True)))
        joined = b"".join(e["PayloadPart"]["Bytes"] for e in response["Body"] if "PayloadPart" in e)
        self.assertIn(b"[DONE]", joined)
        broken = runtime.invoke_endpoint_with_response_stream(
            EndpointName="broken-stream", ContentType="application/json",
            Body=json.dumps(dict(CHAT, stream=True)))
        with self.assertRaises(botocore.exceptions.EventStreamError) as caught:
            for _ in broken["Body"]:
                pass
        self.assertEqual(caught.exception.response["Error"]["Code"], "ModelStreamError")

    def test_unknown_endpoint_is_validation_error(self):
        runtime = self.client("sagemaker-runtime")
        error = self.assert_client_error("ValidationError", runtime.invoke_endpoint,
                                         EndpointName="no-such-endpoint", Body=b"{}")
        self.assertEqual(error.response["Error"]["Message"],
                         "Endpoint no-such-endpoint of account 000000000000 not found.")
        self.assertIsInstance(error, runtime.exceptions.ValidationError)

    def test_oversized_body_is_413(self):
        runtime = self.client("sagemaker-runtime")
        error = self.assert_client_error("413", runtime.invoke_endpoint, EndpointName="demo-chat",
                                         Body=b"x" * (6 * 1024 * 1024 + 1))
        self.assertEqual(error.response["ResponseMetadata"]["HTTPStatusCode"], 413)

    def test_throttling_is_throttling_exception(self):
        runtime = self.client("sagemaker-runtime")
        self.assert_client_error("ThrottlingException", runtime.invoke_endpoint,
                                 EndpointName="throttled", Body=b"{}")

    def test_bad_json_reaches_the_container_and_comes_back_as_model_error(self):
        runtime = self.client("sagemaker-runtime")
        error = self.assert_client_error("ModelError", runtime.invoke_endpoint,
                                         EndpointName="demo-chat", ContentType="application/json",
                                         Body=b"{not json")
        self.assertIsInstance(error, runtime.exceptions.ModelError)
        self.assertGreaterEqual(error.response["OriginalStatusCode"], 400)
        self.assertIn("LogStreamArn", error.response)
        self.assertTrue(error.response["Error"]["Message"].startswith("Received client error ("))

    def test_wrong_secret_is_invalid_signature(self):
        runtime = self.client("sagemaker-runtime", secret="wrong")
        self.assert_client_error("InvalidSignatureException", runtime.invoke_endpoint,
                                 EndpointName="demo-chat", Body=b"{}")

    def test_unknown_key_is_unrecognized_client(self):
        runtime = self.client("sagemaker-runtime", key="AKIAUNKNOWN")
        self.assert_client_error("UnrecognizedClientException", runtime.invoke_endpoint,
                                 EndpointName="demo-chat", Body=b"{}")

    # --- STS ------------------------------------------------------------------------------

    def test_get_caller_identity(self):
        identity = self.client("sts").get_caller_identity()
        self.assertEqual(identity["Account"], "000000000000")
        self.assertEqual(identity["Arn"], "arn:aws:iam::000000000000:user/test")

    def test_assume_role_and_use_the_session(self):
        sts = self.client("sts")
        assumed = sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/demo",
                                  RoleSessionName="boto3-test", DurationSeconds=900)
        credentials = assumed["Credentials"]
        self.assertTrue(credentials["AccessKeyId"].startswith("ASIA"))
        self.assertEqual(assumed["AssumedRoleUser"]["Arn"],
                         "arn:aws:sts::000000000000:assumed-role/demo/boto3-test")
        runtime = self.client("sagemaker-runtime", credentials["AccessKeyId"],
                              credentials["SecretAccessKey"], credentials["SessionToken"])
        response = runtime.invoke_endpoint(EndpointName="demo-chat", ContentType="application/json",
                                           Body=json.dumps(CHAT))
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 200)
        who = self.client("sts", credentials["AccessKeyId"], credentials["SecretAccessKey"],
                          credentials["SessionToken"]).get_caller_identity()
        self.assertEqual(who["Arn"], "arn:aws:sts::000000000000:assumed-role/demo/boto3-test")

    def test_external_id_is_enforced(self):
        sts = self.client("sts")
        error = self.assert_client_error("AccessDenied", sts.assume_role,
                                         RoleArn="arn:aws:iam::000000000000:role/demo-external",
                                         RoleSessionName="no-external-id")
        self.assertEqual(error.response["Error"]["Message"],
                         "User: arn:aws:iam::000000000000:user/test is not authorized to perform: "
                         "sts:AssumeRole on resource: arn:aws:iam::000000000000:role/demo-external")
        self.assertEqual(error.response["Error"]["Type"], "Sender")
        ok = sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/demo-external",
                             RoleSessionName="with-external-id", ExternalId="demo-external-id")
        self.assertIn("Credentials", ok)

    def test_duration_over_the_role_maximum_is_validation_error(self):
        error = self.assert_client_error("ValidationError", self.client("sts").assume_role,
                                         RoleArn="arn:aws:iam::000000000000:role/demo",
                                         RoleSessionName="long", DurationSeconds=43200)
        self.assertEqual(error.response["Error"]["Message"],
                         "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")

    def test_expired_session_is_expired_token(self):
        assumed = self.client("sts").assume_role(RoleArn="arn:aws:iam::000000000000:role/brief",
                                                 RoleSessionName="brief")
        credentials = assumed["Credentials"]
        runtime = self.client("sagemaker-runtime", credentials["AccessKeyId"],
                              credentials["SecretAccessKey"], credentials["SessionToken"])
        runtime.invoke_endpoint(EndpointName="demo-chat", ContentType="application/json",
                                Body=json.dumps(CHAT))
        time.sleep(2.5)
        self.assert_client_error("ExpiredTokenException", runtime.invoke_endpoint,
                                 EndpointName="demo-chat", Body=b"{}")
        sts = self.client("sts", credentials["AccessKeyId"], credentials["SecretAccessKey"],
                          credentials["SessionToken"])
        self.assert_client_error("ExpiredToken", sts.get_caller_identity)

    def test_temporary_key_without_its_token_is_rejected(self):
        credentials = self.client("sts").assume_role(
            RoleArn="arn:aws:iam::000000000000:role/demo", RoleSessionName="tokenless")["Credentials"]
        runtime = self.client("sagemaker-runtime", credentials["AccessKeyId"],
                              credentials["SecretAccessKey"])
        self.assert_client_error("UnrecognizedClientException", runtime.invoke_endpoint,
                                 EndpointName="demo-chat", Body=b"{}")
        self.assert_client_error("InvalidClientTokenId",
                                 self.client("sts", credentials["AccessKeyId"],
                                             credentials["SecretAccessKey"]).get_caller_identity)

    def test_sts_wrong_secret_is_signature_does_not_match(self):
        self.assert_client_error("SignatureDoesNotMatch",
                                 self.client("sts", secret="wrong").get_caller_identity)

    # --- SageMaker control plane, Comprehend ----------------------------------------------

    def test_describe_endpoint(self):
        sagemaker = self.client("sagemaker")
        described = sagemaker.describe_endpoint(EndpointName="demo-chat")
        self.assertEqual(described["EndpointStatus"], "InService")
        self.assertEqual(described["EndpointArn"],
                         "arn:aws:sagemaker:us-east-1:000000000000:endpoint/demo-chat")
        self.assertEqual(described["ProductionVariants"][0]["VariantName"], "AllTraffic")
        self.assertEqual(described["CreationTime"].tzinfo is not None, True)
        error = self.assert_client_error("ValidationException", sagemaker.describe_endpoint,
                                         EndpointName="nope")
        self.assertEqual(error.response["Error"]["Message"], 'Could not find endpoint "nope".')

    def test_detect_dominant_language(self):
        comprehend = self.client("comprehend")
        languages = comprehend.detect_dominant_language(Text="你好，世界。今天天气很好")["Languages"]
        self.assertEqual(languages[0]["LanguageCode"], "zh")
        languages = comprehend.detect_dominant_language(Text="The quick brown fox")["Languages"]
        self.assertEqual(languages[0]["LanguageCode"], "en")

    # --- S3 -------------------------------------------------------------------------------

    def test_s3_put_get_and_presigned_url(self):
        s3 = self.client("s3")
        s3.put_object(Bucket="sagemaker-emulator", Key="dify/speech2text/a b.mp3", Body=b"ID3audio",
                      ContentType="audio/mpeg")
        got = s3.get_object(Bucket="sagemaker-emulator", Key="dify/speech2text/a b.mp3")
        self.assertEqual(got["Body"].read(), b"ID3audio")
        self.assertEqual(got["ContentType"], "audio/mpeg")
        self.assertEqual(s3.head_object(Bucket="sagemaker-emulator",
                                        Key="dify/speech2text/a b.mp3")["ContentLength"], 8)
        params = {"Bucket": "sagemaker-emulator", "Key": "dify/speech2text/a b.mp3"}
        # SigV4 query presigning (signature_version='s3v4') and botocore's legacy default (SigV2).
        v4 = self.client("s3", config=NO_RETRIES.merge(Config(signature_version="s3v4")))
        urls = [v4.generate_presigned_url("get_object", ExpiresIn=60, Params=params),
                s3.generate_presigned_url("get_object", ExpiresIn=60, Params=params)]
        self.assertIn("X-Amz-Signature=", urls[0])
        for url in urls:
            with urllib.request.urlopen(url) as response:
                self.assertEqual(response.read(), b"ID3audio")
            tampered = url.replace("a%20b.mp3", "a%20c.mp3")
            with self.assertRaises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(tampered)
            self.assertEqual(caught.exception.code, 403)
            self.assertIn(b"<Code>SignatureDoesNotMatch</Code>", caught.exception.read())
        expiring = [v4.generate_presigned_url("get_object", ExpiresIn=1, Params=params),
                    s3.generate_presigned_url("get_object", ExpiresIn=1, Params=params)]
        time.sleep(2.1)
        for url in expiring:
            with self.assertRaises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(url)
            self.assertEqual(caught.exception.code, 403)
            self.assertIn(b"<Message>Request has expired</Message>", caught.exception.read())

    def test_s3_missing_key_and_bucket(self):
        s3 = self.client("s3")
        with self.assertRaises(s3.exceptions.NoSuchKey):
            s3.get_object(Bucket="sagemaker-emulator", Key="missing")
        self.assert_client_error("NoSuchBucket", s3.put_object, Bucket="no-bucket", Key="k",
                                 Body=b"x")

    # --- request log ----------------------------------------------------------------------

    def test_request_log_lists_calls_without_secrets(self):
        assumed = self.client("sts").assume_role(RoleArn="arn:aws:iam::000000000000:role/demo",
                                                 RoleSessionName="logged")["Credentials"]
        self.client("sagemaker-runtime", assumed["AccessKeyId"], assumed["SecretAccessKey"],
                    assumed["SessionToken"]).invoke_endpoint(
            EndpointName="demo-chat", ContentType="application/json", Body=json.dumps(CHAT))
        with urllib.request.urlopen(self.emulator.url + "/_emulator/requests") as response:
            text = response.read().decode()
        log = json.loads(text)["requests"]
        invokes = [r for r in log if r["operation"] == "InvokeEndpoint" and
                   r["identity"] == "arn:aws:sts::000000000000:assumed-role/demo/logged"]
        self.assertEqual(len(invokes), 1)
        self.assertEqual(invokes[0]["service"], "sagemaker-runtime")
        self.assertEqual(invokes[0]["endpoint"], "demo-chat")
        self.assertNotIn(assumed["SecretAccessKey"], text)
        self.assertNotIn(assumed["SessionToken"], text)


class EmulateCommandLine(unittest.TestCase):
    def test_empty_endpoint_list_is_a_valid_config(self):
        with EmulatorProcess("endpoints: []\n") as emulator:
            self.assertTrue(emulator.url.startswith("http://127.0.0.1:"))

    def test_bad_config_is_a_usage_error_naming_the_key(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write("endpoints:\n  - name: x\n    container: vllm\n    faults: [{kind: boom}]\n")
        try:
            result = run(["emulate", "--listen", "127.0.0.1:0", "--config", f.name], timeout=30)
        finally:
            os.unlink(f.name)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(b"endpoints[0].faults[0].kind: unknown fault kind 'boom'", result.stderr)

    def test_bad_listen_address_is_a_usage_error(self):
        result = run(["emulate", "--listen", "127.0.0.1:99999"], timeout=30)
        self.assertEqual(result.returncode, 2, result.stderr)


if __name__ == "__main__":
    unittest.main()
