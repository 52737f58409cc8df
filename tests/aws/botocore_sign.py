#!/usr/bin/env python3
"""Signs requests with botocore, the independent SigV4 oracle of tests/aws/sigv4_botocore_test.cpp.

stdin: a JSON list of requests, each
  {"method", "url", "headers": [[name, value], ...], "body", "access_key", "secret_key",
   "token" (may be ""), "region", "service", "time": "YYYYMMDDTHHMMSSZ"}
stdout: a JSON object {"botocore": version, "results": [{"authorization", "canonical_request"}]}

"s3" requests go through S3SigV4Auth (no normalisation, no double encoding, x-amz-content-sha256),
all others through SigV4Auth. add_auth runs as in botocore itself; only the clock is frozen.
Exit status 3 when botocore is not importable, so the test can skip.
"""
import datetime
import json
import sys

try:
    import botocore
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"botocore not available: {error}", file=sys.stderr)
    sys.exit(3)

_frozen = [datetime.datetime(2000, 1, 1)]


class _FrozenDatetime(datetime.datetime):
    """Older botocore reads the signing time from datetime.datetime.utcnow() (or now(tz))."""

    @classmethod
    def utcnow(cls):
        return _frozen[0]

    @classmethod
    def now(cls, tz=None):
        return _frozen[0].replace(tzinfo=tz) if tz is not None else _frozen[0]


botocore.auth.datetime.datetime = _FrozenDatetime
if hasattr(botocore.auth, "get_current_datetime"):  # newer botocore reads the clock through this
    botocore.auth.get_current_datetime = lambda *args, **kwargs: _frozen[0]


def recording(signer_class):
    class Recording(signer_class):
        recorded = None

        def canonical_request(self, request):
            text = super().canonical_request(request)
            Recording.recorded = text
            return text

    return Recording


def sign(spec):
    _frozen[0] = datetime.datetime.strptime(spec["time"], "%Y%m%dT%H%M%SZ")
    request = AWSRequest(method=spec["method"], url=spec["url"], data=spec["body"].encode("utf-8"))
    for name, value in spec["headers"]:
        request.headers[name] = value  # HTTPHeaders appends: repeated names are kept
    credentials = Credentials(spec["access_key"], spec["secret_key"], spec["token"] or None)
    base = botocore.auth.S3SigV4Auth if spec["service"] == "s3" else botocore.auth.SigV4Auth
    signer_class = recording(base)
    signer_class(credentials, spec["service"], spec["region"]).add_auth(request)
    return {
        "authorization": request.headers["Authorization"],
        "canonical_request": signer_class.recorded,
    }


def main():
    specs = json.load(sys.stdin)
    json.dump({"botocore": botocore.__version__, "results": [sign(s) for s in specs]}, sys.stdout)


if __name__ == "__main__":
    main()
