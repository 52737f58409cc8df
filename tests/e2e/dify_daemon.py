"""A daemon-side harness for the Dify plugin runtime: talks to it as dify-plugin-daemon does.

It writes requests exactly as the Go daemon serializes them (struct field order for the envelope,
sorted keys in `data`, nil slices as null, '<' '>' '&' escaped as \\u003c...) and checks every line
the plugin writes against the daemon's rules (dify-plugin-protocol.md §2.2-§2.6, §8), written
here independently of the C++ checker: envelope, single line under 5 MiB, session discipline
(stream* [error] end, exactly one end, one result for single-result actions), per-action shapes.
A violation is recorded and fails the test that reads it.
"""
import json
import os
import queue
import re
import subprocess
import threading
import time
import uuid

MAX_LINE = 5 * 1024 * 1024
SINGLE_RESULT = {"validate_provider_credentials", "validate_model_credentials", "get_ai_model_schemas",
                 "get_llm_num_tokens", "invoke_text_embedding", "get_text_embedding_num_tokens",
                 "invoke_rerank", "get_tts_model_voices", "invoke_speech2text", "invoke_moderation"}
TEMPLATES = {"temperature", "top_p", "top_k", "presence_penalty", "frequency_penalty", "max_tokens",
             "response_format", "json_schema"}
DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def go_json(value):
    """encoding/json's bytes for a map-built value: sorted keys, compact, HTML characters escaped."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def request_line(session_id, action, fields, access_type="model", user_id=""):
    data = {"user_id": user_id, "type": access_type, "action": action}
    data.update(fields)
    # pluginInStreamMessage: struct order, then the data map with sorted keys.
    return ('{"session_id":%s,"conversation_id":null,"message_id":null,"app_id":null,'
            '"endpoint_id":null,"context":null,"event":"request","data":%s}'
            % (json.dumps(session_id), go_json(data)))


class Violation(AssertionError):
    pass


def _need(cond, message):
    if not cond:
        raise Violation(message)


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _req_str(o, key, where):
    _need(isinstance(o.get(key), str) and o.get(key) != "", "%s.%s must be a non-empty string" % (where, key))


def _decimal(o, key, where):
    v = o.get(key)
    _need(v is None or _is_num(v) or (isinstance(v, str) and DECIMAL.match(v)),
          "%s.%s must be a decimal" % (where, key))


def check_llm_chunk(d):
    _req_str(d, "model", "chunk")
    delta = d.get("delta")
    _need(isinstance(delta, dict), "delta required")
    _need(_is_int(delta.get("index")), "delta.index must be an int")
    m = delta.get("message")
    _need(isinstance(m, dict), "delta.message required")
    _need(m.get("role") in ("system", "user", "assistant", "tool"), "bad role")
    _need(isinstance(m.get("content"), (str, list)), "content must never be null")
    for call in m.get("tool_calls") or []:
        fn = call.get("function")
        _need(isinstance(fn, dict) and isinstance(fn.get("name"), str) and isinstance(fn.get("arguments"), str),
              "tool call function needs name and arguments strings")
    usage = delta.get("usage")
    if usage is not None:
        for k in ("prompt_tokens", "completion_tokens", "total_tokens"):
            _need(_is_int(usage.get(k)), "usage.%s must be an int" % k)
        _req_str(usage, "currency", "usage")
        _need(_is_num(usage.get("latency")), "usage.latency must be a number")
        for k in ("prompt_unit_price", "prompt_price_unit", "prompt_price", "completion_unit_price",
                  "completion_price_unit", "completion_price", "total_price"):
            _decimal(usage, k, "usage")
    _need(delta.get("finish_reason") is None or isinstance(delta.get("finish_reason"), str), "finish_reason")


def check_schema(s):
    _need(isinstance(s, dict), "model_schema must be an object or null")
    _req_str(s, "model", "model_schema")
    _need(isinstance(s.get("label"), dict) and s["label"].get("en_US"), "label.en_US required")
    _need(s.get("model_type") in ("llm", "text-embedding", "rerank", "speech2text", "tts", "moderation"),
          "model_type")
    _need(len(s.get("features") or []) <= 256, "features")
    _need(s.get("fetch_from") in (None, "", "predefined-model", "customizable-model"), "fetch_from")
    rules = s.get("parameter_rules") or []
    _need(len(rules) <= 128, "parameter_rules")
    for r in rules:
        _req_str(r, "name", "parameter_rule")
        if r.get("use_template") is not None:
            _need(r["use_template"] in TEMPLATES, "unknown use_template %r" % r["use_template"])
        else:
            _need(isinstance(r.get("label"), dict) and r["label"].get("en_US") and r.get("type"),
                  "rules without a template need label and type")
        _need(r.get("type") in (None, "float", "int", "string", "boolean", "text"), "rule type")
        _need(not isinstance(r.get("default"), (list, dict)), "rule default must be a scalar")
    pricing = s.get("pricing")
    if pricing is not None:
        _req_str(pricing, "currency", "pricing")


def check_stream(action, d):
    _need(isinstance(d, dict), "stream data must be an object")
    if action == "invoke_llm":
        check_llm_chunk(d)
    elif action in ("validate_provider_credentials", "validate_model_credentials"):
        _need(isinstance(d.get("result"), bool), "result must be a bool")
        _need(d.get("credentials") is None or isinstance(d.get("credentials"), dict), "credentials")
    elif action == "get_ai_model_schemas":
        _need("model_schema" in d, "model_schema key")
        if d["model_schema"] is not None:
            check_schema(d["model_schema"])
    elif action == "get_llm_num_tokens":
        _need(_is_int(d.get("num_tokens")), "num_tokens int")
    elif action == "invoke_text_embedding":
        _req_str(d, "model", "result")
        _need(isinstance(d.get("embeddings"), list), "embeddings required")
        for v in d["embeddings"]:
            _need(isinstance(v, list) and all(_is_num(x) for x in v), "embedding vectors")
        u = d.get("usage")
        _need(isinstance(u, dict), "usage required")
        for k in ("tokens", "total_tokens"):
            _need(_is_int(u.get(k)), "usage.%s" % k)
        _req_str(u, "currency", "usage")
        _need(_is_num(u.get("latency")), "usage.latency")
    elif action == "get_text_embedding_num_tokens":
        _need(isinstance(d.get("num_tokens"), list) and all(_is_int(n) for n in d["num_tokens"]), "num_tokens")
    elif action == "invoke_rerank":
        _req_str(d, "model", "result")
        _need(isinstance(d.get("docs"), list), "docs required")
        for doc in d["docs"]:
            _need(_is_int(doc.get("index")) and isinstance(doc.get("text"), str) and _is_num(doc.get("score")),
                  "docs[] need index, text, score")
    elif action == "invoke_tts":
        _req_str(d, "result", "result")
        _need(re.fullmatch(r"([0-9a-fA-F]{2})+", d["result"]) is not None, "tts result must be hex")
    elif action == "get_tts_model_voices":
        _need(isinstance(d.get("voices"), list), "voices must be an array")
        for v in d["voices"]:
            _req_str(v, "name", "voice")
            _req_str(v, "value", "voice")
    elif action == "invoke_speech2text":
        _need(isinstance(d.get("result"), str), "result string")


class Session:
    def __init__(self, action):
        self.action = action
        self.streams = []
        self.error = None
        self.ended = threading.Event()
        self.first_line_at = None


class DaemonHarness:
    """Drives one plugin over a pair of byte streams (a subprocess's stdio, or a TCP socket)."""

    def __init__(self, write_bytes):
        self._write = write_bytes
        self._lock = threading.Lock()
        self.sessions = {}
        self.heartbeats = []  # arrival times
        self.error_events = []
        self.logs = []
        self.violations = []
        self.lines = 0
        self.heartbeat_seen = threading.Event()

    # -- daemon -> plugin
    def send_raw(self, text):
        self._write((text + "\n").encode())

    def request(self, action, fields, session_id=None, access_type="model"):
        session_id = session_id or str(uuid.uuid4())
        with self._lock:
            self.sessions[session_id] = Session(action)
        self.send_raw(request_line(session_id, action, fields, access_type))
        return session_id

    def call(self, action, fields, timeout=60):
        return self.wait(self.request(action, fields), timeout)

    def wait(self, session_id, timeout=60):
        session = self.sessions[session_id]
        if not session.ended.wait(timeout):
            raise AssertionError("session %s (%s) did not end within %ss" % (session_id, session.action, timeout))
        self.assert_clean()
        return session

    def assert_clean(self):
        if self.violations:
            raise Violation("; ".join(self.violations[:5]))

    # -- plugin -> daemon
    def on_line(self, raw):
        self.lines += 1
        try:
            self._check_line(raw)
        except Violation as e:
            self.violations.append(str(e))
        except Exception as e:  # noqa: BLE001 - a crash in a check is a violation too
            self.violations.append("unreadable line %r: %s" % (raw[:200], e))

    def _check_line(self, raw):
        _need(len(raw) + 1 <= MAX_LINE, "a line of %d bytes exceeds the daemon's 5 MiB scanner" % len(raw))
        text = raw.decode("utf-8")
        if not text.strip():
            return
        msg = json.loads(text)
        _need(isinstance(msg, dict), "line is not an object")
        event = msg.get("event")
        if event == "heartbeat":
            _need(msg.get("data") == {}, "heartbeat data must be {}")
            self.heartbeats.append(time.monotonic())
            self.heartbeat_seen.set()
            return
        if event == "log":
            self.logs.append(msg.get("data"))
            return
        if event == "error":
            self.error_events.append(msg.get("data"))
            return
        _need(event == "session", "unknown event %r" % event)
        sid = msg.get("session_id")
        with self._lock:
            session = self.sessions.get(sid)
        _need(session is not None, "message for unknown session %r" % sid)
        _need(not session.ended.is_set(), "message after end in session %s" % sid)
        inner = msg.get("data")
        _need(isinstance(inner, dict) and isinstance(inner.get("type"), str), "session message needs type")
        _need("data" in inner and inner["data"] is not None, "session message needs data")
        kind, data = inner["type"], inner["data"]
        if session.first_line_at is None:
            session.first_line_at = time.monotonic()
        if kind == "stream":
            _need(session.error is None, "stream after error")
            check_stream(session.action, data)
            session.streams.append(data)
            if session.action in SINGLE_RESULT:
                _need(len(session.streams) == 1, "%s must send exactly one result" % session.action)
        elif kind == "error":
            _need(session.error is None, "second error")
            _need(isinstance(data.get("error_type"), str) and data["error_type"], "error_type")
            _need(isinstance(data.get("message"), str), "error message")
            args = data.get("args")
            _need(args is None or (isinstance(args, dict) and len(args) <= 10), "args must have <= 10 keys")
            session.error = data
        elif kind == "end":
            _need(data == {}, "end data must be {}")
            _need(session.streams or session.error, "%s ended with neither result nor error" % session.action)
            session.ended.set()
        else:
            raise Violation("unknown session message type %r" % kind)

    def unfinished(self):
        return [sid for sid, s in self.sessions.items() if not s.ended.is_set()]


def read_lines(stream, on_line):
    """Feeds every line of a binary stream to on_line (a thread body)."""
    buffer = b""
    while True:
        chunk = stream.read1(1 << 16) if hasattr(stream, "read1") else stream.read(1 << 16)
        if not chunk:
            break
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            on_line(line)
    if buffer:
        on_line(buffer)


class StdioPlugin:
    """Launches the runtime as the local daemon does (pipes; INSTALL_METHOD=local) and wraps it in
    a DaemonHarness. `argv` may be the binary's `dify` or `python -m main` in a package dir."""

    def __init__(self, argv, env, cwd=None):
        env = dict(env)
        env.setdefault("INSTALL_METHOD", "local")
        self.started = time.monotonic()
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env, cwd=cwd, bufsize=0)
        self.harness = DaemonHarness(self._write)
        self.stderr = []
        self._reader = threading.Thread(target=read_lines, args=(self.process.stdout, self.harness.on_line),
                                        daemon=True)
        self._reader.start()
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr), daemon=True).start()

    def _write(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def close_stdin(self):
        self.process.stdin.close()

    def stop(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)

    def stderr_text(self):
        return b"".join(self.stderr).decode("utf-8", "replace")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
