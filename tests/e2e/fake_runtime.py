"""A SageMaker runtime stand-in that checks every request's SigV4 signature with botocore.

botocore (Debian's python3-botocore) is an implementation independent of ours: if our signer and its
verifier disagree, the request is answered with InvalidSignatureException, exactly as AWS would.
The event-stream frames are written by a small encoder here (zlib CRC-32), not by our C++ code.

Scenarios are chosen by endpoint name so one server serves a whole test module:
  echo             200, JSON echo of the request (body, selected headers)
  stream-N         stream of N payload parts, cut at odd byte boundaries
  stream-error     two payload parts, then a ModelStreamError exception message
  throttle-K       ThrottlingException for the first K calls, then 200 (per server)
  unavailable      always 503 ServiceUnavailable
  model-error      424 ModelError with the real field set
  missing          400 ValidationError "Endpoint missing of account 123456789012 not found."
  slow             waits 3 s before answering (timeouts)
  binary           stream of payload parts that are not UTF-8 (every byte value), for byte-exact relay
  skewed           a server whose clock is one hour ahead: requests signed more than five minutes
                   off its clock get "Signature expired" with its Date, as AWS answers
"""
import binascii
import datetime
import http.server
import json
import struct
import threading
import time

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCOUNT = "123456789012"
BINARY_PAYLOAD = bytes(range(256)) * 4 + b"\xff\xfe\xc3"  # ends inside a UTF-8 sequence


def encode_header(name, value):
    raw = value.encode()
    return bytes([len(name)]) + name.encode() + b"\x07" + struct.pack(">H", len(raw)) + raw


def encode_message(headers, payload):
    header_bytes = b"".join(encode_header(k, v) for k, v in headers)
    total = 16 + len(header_bytes) + len(payload)
    prelude = struct.pack(">II", total, len(header_bytes))
    prelude += struct.pack(">I", binascii.crc32(prelude) & 0xFFFFFFFF)
    body = prelude + header_bytes + payload
    return body + struct.pack(">I", binascii.crc32(body) & 0xFFFFFFFF)


def payload_part(data):
    return encode_message([(":event-type", "PayloadPart"), (":content-type", "application/octet-stream"),
                           (":message-type", "event")], data)


def model_stream_error(message, code):
    body = json.dumps({"Message": message, "ErrorCode": code}).encode()
    return encode_message([(":exception-type", "ModelStreamError"), (":content-type", "application/json"),
                           (":message-type", "exception")], body)


class FakeRuntime:
    def __init__(self, identities, region="us-east-1"):
        self.identities = identities  # access key id -> (secret, token or None)
        self.region = region
        self.calls = []
        self.counters = {}
        self.lock = threading.Lock()
        runtime = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                runtime.handle(self)

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # clients that time out or go away on purpose are part of the tests

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # --- signature check with botocore -------------------------------------------------------
    def verify(self, handler, body):
        auth = handler.headers.get("Authorization", "")
        if not auth.startswith("AWS4-HMAC-SHA256 "):
            return "MissingAuthenticationTokenException", "Missing Authentication Token"
        fields = dict(part.strip().split("=", 1) for part in auth[len("AWS4-HMAC-SHA256 "):].split(","))
        key_id, date, region, service, _ = fields["Credential"].split("/")
        if key_id not in self.identities:
            return "UnrecognizedClientException", "The security token included in the request is invalid."
        secret, token = self.identities[key_id]
        if token is not None and handler.headers.get("X-Amz-Security-Token") != token:
            return "UnrecognizedClientException", "The security token included in the request is invalid."
        signed = fields["SignedHeaders"].split(";")
        request = AWSRequest(method=handler.command, url=self.url + handler.path, data=body)
        for name in signed:
            request.headers[name] = handler.headers.get(name, "")
        request.context["timestamp"] = handler.headers["X-Amz-Date"]
        signer = SigV4Auth(Credentials(key_id, secret, token), service, region)
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        if expected != fields["Signature"] or region != self.region or service != "sagemaker":
            return "InvalidSignatureException", (
                "The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method.")
        return None

    # --- responses -----------------------------------------------------------------------------
    @staticmethod
    def skew_problem(handler, server_now):
        signed_at = datetime.datetime.strptime(handler.headers["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
        if abs((server_now - signed_at).total_seconds()) <= 300:
            return None
        fmt = "%Y%m%dT%H%M%SZ"
        earliest = (server_now - datetime.timedelta(minutes=5)).strftime(fmt)
        return (f"Signature expired: {signed_at.strftime(fmt)} is now earlier than {earliest} "
                f"({server_now.strftime(fmt)} - 5 min.)")

    def send_json(self, handler, status, payload, error_type=None, extra=None):
        data = json.dumps(payload).encode()
        handler.send_response_only(status)  # without the automatic Date: some callers set their own
        if "Date" not in (extra or {}):
            handler.send_header("Date", handler.date_time_string())
        handler.send_header("Content-Type", "application/json")
        handler.send_header("x-amzn-RequestId", f"req-{len(self.calls)}")
        if error_type:
            handler.send_header("x-amzn-ErrorType", f"{error_type}:http://internal.amazon.com/coral/com.amazon.coral.service/")
        for k, v in (extra or {}).items():
            handler.send_header(k, v)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def send_stream(self, handler, frames, cut=7):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/vnd.amazon.eventstream")
        handler.send_header("X-Amzn-SageMaker-Content-Type", "text/event-stream")
        handler.send_header("x-Amzn-Invoked-Production-Variant", "AllTraffic")
        handler.send_header("x-amzn-RequestId", f"req-{len(self.calls)}")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        data = b"".join(frames)
        # Cut the byte stream at odd sizes so frames straddle HTTP chunks.
        offset = 0
        while offset < len(data):
            piece = data[offset:offset + cut]
            offset += len(piece)
            handler.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
            handler.wfile.flush()
            cut = cut * 3 % 61 + 1
        handler.wfile.write(b"0\r\n\r\n")

    def handle(self, handler):
        length = int(handler.headers.get("Content-Length", "0"))
        body = handler.rfile.read(length)
        with self.lock:
            self.calls.append({"path": handler.path, "headers": dict(handler.headers.items()), "body": body})
        problem = self.verify(handler, body)
        if problem:
            code, message = problem
            status = 403 if code == "MissingAuthenticationTokenException" else 400
            return self.send_json(handler, status, {"message": message}, code)

        parts = handler.path.split("/")  # ['', 'endpoints', NAME, 'invocations...']
        name, operation = parts[2], parts[3]
        if name == "skewed":
            server_now = datetime.datetime.utcnow() + datetime.timedelta(hours=1)
            problem = self.skew_problem(handler, server_now)
            if problem:
                date = server_now.strftime("%a, %d %b %Y %H:%M:%S GMT")
                return self.send_json(handler, 400, {"message": problem}, "InvalidSignatureException",
                                      extra={"Date": date})
            name = "echo"
        streaming = operation == "invocations-response-stream"
        if name.startswith("throttle-"):
            with self.lock:
                seen = self.counters.get(name, 0)
                self.counters[name] = seen + 1
            if seen < int(name.split("-")[1]):
                return self.send_json(handler, 400, {"message": "Rate exceeded"}, "ThrottlingException")
            name = "echo"
        if name == "unavailable":
            return self.send_json(handler, 503, {"message": "Service Unavailable"}, "ServiceUnavailable")
        if name == "missing":
            return self.send_json(handler, 400, {"message": f"Endpoint missing of account {ACCOUNT} not found."},
                                  "ValidationError")
        if name == "model-error":
            return self.send_json(handler, 424, {
                "ErrorCode": "CLIENT_ERROR_FROM_MODEL",
                "LogStreamArn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/aws/sagemaker/Endpoints/model-error",
                "Message": "Received client error (400) from primary with message \"bad input\". See "
                           "https://us-east-1.console.aws.amazon.com/cloudwatch/home in account "
                           f"{ACCOUNT} for more information.",
                "OriginalMessage": "bad input", "OriginalStatusCode": 400}, "ModelError")
        if name == "slow":
            time.sleep(3)
            name = "echo"
        if streaming and name == "binary":
            return self.send_stream(handler, [payload_part(BINARY_PAYLOAD[i:i + 100])
                                              for i in range(0, len(BINARY_PAYLOAD), 100)])
        if streaming and name.startswith("stream-error"):
            frames = [payload_part(b'data: {"n":1}\n\n'), payload_part(b'data: {"n":2}\n\n'),
                      model_stream_error("Model timed out", "ModelInvocationTimeExceeded")]
            return self.send_stream(handler, frames)
        if streaming and name.startswith("stream-"):
            count = int(name.split("-")[1])
            frames = [payload_part(f'data: {{"n":{i}}}\n\n'.encode()) for i in range(count)]
            return self.send_stream(handler, frames)
        if name == "echo" or streaming:
            headers = {k: v for k, v in handler.headers.items() if k.lower().startswith("x-amzn-sagemaker-")}
            reply = {"body": body.decode("utf-8", "replace"), "headers": headers}
            if streaming:
                return self.send_stream(handler, [payload_part(json.dumps(reply).encode())])
            return self.send_json(handler, 200, reply, extra={
                "x-Amzn-Invoked-Production-Variant": "AllTraffic",
                "X-Amzn-SageMaker-Custom-Attributes": "echoed=true"})
        return self.send_json(handler, 400, {"message": f"Endpoint {name} of account {ACCOUNT} not found."},
                              "ValidationError")
