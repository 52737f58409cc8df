#!/usr/bin/env python3
"""Opens N concurrent streaming chat completions against the gateway (a model whose emulated
endpoint sends one part per second), waits until every stream has delivered its first event,
and reports the gateway's resident memory then (VmRSS, VmHWM from /proc). Raw sockets, so the
client side costs little. Usage: bench_gateway_streams.py URL PID N"""
import socket
import sys
import time
from urllib.parse import urlparse


def rss(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields.get("VmRSS", "?"), fields.get("VmHWM", "?")


def main():
    url, pid, count = urlparse(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    body = (b'{"model":"slow","stream":true,"messages":[{"role":"user","content":'
            b'"one two three four five six seven eight nine ten eleven twelve"}]}')
    request = (b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    print(f"gateway before: VmRSS {rss(pid)[0]}")
    sockets = []
    start = time.monotonic()
    for _ in range(count):
        s = socket.create_connection((url.hostname, url.port))
        s.sendall(request)
        sockets.append(s)
    started = 0
    for s in sockets:
        s.settimeout(30)
        data = b""
        while b"data: " not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        started += b"data: " in data
    elapsed = time.monotonic() - start
    now, peak = rss(pid)
    print(f"{started}/{count} streams delivering after {elapsed:.1f} s: gateway VmRSS {now}, "
          f"peak VmHWM {peak}")
    for s in sockets:
        s.close()
    time.sleep(1.0)
    print(f"after closing them: VmRSS {rss(pid)[0]}")


if __name__ == "__main__":
    main()
