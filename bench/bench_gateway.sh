#!/usr/bin/env bash
# Gateway overhead on loopback: the same chat completion sent (a) straight to the emulator as a
# SigV4-signed InvokeEndpoint and (b) through `serve` (OpenAI route → provider → signed
# InvokeEndpointWithResponseStream to the same emulator). wrk drives both with a POST body from a
# Lua script; the difference of the latency percentiles is what the gateway adds. Then the
# memory of many concurrent streams (bench_gateway_streams.py). Figures, not assertions.
#
#   bench/bench_gateway.sh [BINARY]     (default build/release/src/cli/sagemaker-provider)
#   env: DURATION=10s CONNECTIONS=16 THREADS=2 RATE_NOTE=... STREAMS=1000
set -euo pipefail
cd "$(dirname "$0")/.."
BINARY=${1:-build/release/src/cli/sagemaker-provider}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-1}
STREAMS=${STREAMS:-1000}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

wait_for_url() {  # FILE → the URL of its "listening on" line
  for _ in $(seq 100); do
    if grep -q "listening on" "$1" 2>/dev/null; then
      grep -o 'listening on http://[^ ]*' "$1" | head -1 | cut -d' ' -f3
      return
    fi
    sleep 0.1
  done
  echo "no ready line in $1" >&2
  exit 1
}

cat >"$WORK/emulator.yaml" <<'YAML'
endpoints:
  - {name: chat, container: vllm}
  - name: slow
    container: vllm
    latency: {first_byte_ms: 0, per_part_ms: 1000}
YAML
"$BINARY" emulate --listen 127.0.0.1:0 --config "$WORK/emulator.yaml" --threads 1 \
  >"$WORK/emulator.out" 2>/dev/null &
PIDS+=($!)
EMULATOR=$(wait_for_url "$WORK/emulator.out")

cat >"$WORK/gateway.yaml" <<YAML
listen: 127.0.0.1:0
aws: {region: us-east-1, endpoint_url: "$EMULATOR", access_key_id: test, secret_access_key: test}
models:
  - {name: chat, type: llm, endpoint: chat}
  - {name: slow, type: llm, endpoint: slow}
YAML
"$BINARY" serve --config "$WORK/gateway.yaml" >"$WORK/gateway.out" 2>/dev/null &
GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)
GATEWAY=$(wait_for_url "$WORK/gateway.out")

# The direct request, signed once with botocore (Debian's python3-botocore). The emulator accepts
# a signature for 5 minutes, which covers the run.
# The gateway itself calls InvokeEndpointWithResponseStream (with stream: true in the body), so
# that is the fair direct baseline; plain InvokeEndpoint is measured too.
sign() {  # OPERATION_PATH BODY → a wrk Lua script
/usr/bin/python3 - "$EMULATOR" "$1" "$2" <<'PY'
import sys, json
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
url, path, body = sys.argv[1], sys.argv[2], sys.argv[3]
request = AWSRequest(method="POST", url=f"{url}/endpoints/chat/{path}", data=body,
                     headers={"Content-Type": "application/json"})
SigV4Auth(Credentials("test", "test"), "sagemaker", "us-east-1").add_auth(request)
print('wrk.method = "POST"')
print(f"wrk.body = {json.dumps(body)}")
for name, value in request.headers.items():
    if name.lower() != "host":
        print(f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}")
PY
}
sign invocations '{"messages":[{"role":"user","content":"Hello benchmark, how are you today?"}],"max_tokens":16}' \
  >"$WORK/direct.lua"
sign invocations-response-stream '{"messages":[{"role":"user","content":"Hello benchmark, how are you today?"}],"max_tokens":16,"stream":true,"stream_options":{"include_usage":true}}' \
  >"$WORK/direct_stream.lua"
cat >"$WORK/gateway.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"model":"chat","messages":[{"role":"user","content":"Hello benchmark, how are you today?"}],"max_tokens":16}'
wrk.headers["Content-Type"] = "application/json"
LUA

run_wrk() {  # NAME URL SCRIPT
  echo "== $1: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$3" "$2" |
    grep -E "Requests/sec|^ +(50|75|90|99)%|Latency  |Non-2xx"
}
# One connection first (latency without queueing: the difference is the per-request overhead),
# then CONNECTIONS (throughput; on 2 shared cores wrk, emulator and gateway compete for CPU).
for c in 1 "$CONNECTIONS"; do
  CONNECTIONS=$c run_wrk "direct InvokeEndpoint (emulator), c=$c" "$EMULATOR/endpoints/chat/invocations" "$WORK/direct.lua"
  CONNECTIONS=$c run_wrk "direct InvokeEndpointWithResponseStream (emulator), c=$c" \
    "$EMULATOR/endpoints/chat/invocations-response-stream" "$WORK/direct_stream.lua"
  CONNECTIONS=$c run_wrk "gateway /v1/chat/completions, c=$c" "$GATEWAY/v1/chat/completions" "$WORK/gateway.lua"
done

echo "== gateway's own x-gateway-overhead-ms over 200 sequential requests (ms)"
for _ in $(seq 200); do
  curl -s -o /dev/null -D - "$GATEWAY/v1/chat/completions" -H 'Content-Type: application/json' \
    -d '{"model":"chat","messages":[{"role":"user","content":"hi"}],"max_tokens":8}' |
    tr -d '\r' | awk -F': ' 'tolower($1)=="x-gateway-overhead-ms"{print $2}'
done | sort -n | awk '{a[NR]=$1} END {printf "p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n",
  a[int(NR*0.5)], a[int(NR*0.9)], a[int(NR*0.99)], a[NR]}'

echo "== $STREAMS concurrent streams"
/usr/bin/python3 bench/bench_gateway_streams.py "$GATEWAY" "$GATEWAY_PID" "$STREAMS"
