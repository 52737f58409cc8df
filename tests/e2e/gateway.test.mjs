// The gateway (`sagemaker-provider serve`) as OpenAI clients see it: the official `openai` npm
// package drives the BUILT binary, once as the no-config demo (in-process emulator) and once
// with a config file pointing at a separately started `emulate` (random part boundaries, a slow
// stream, a stream that breaks, API keys with allow-lists). curl-like calls go through fetch.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI, { toFile } from "openai";

const BINARY = process.env.SMP_BINARY ?? "build/debug/src/cli/sagemaker-provider";
const KEY_ALL = "sk-e2e-all-models-0123";
const KEY_EMBED = "sk-e2e-embed-only-4567";

// Starts the binary and resolves with the URL of its "<what> listening on URL" line.
function start(args, env = {}) {
  const child = spawn(BINARY, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH, ...env },
  });
  child.stderrText = "";
  child.stdoutText = "";
  child.stdout.on("data", (chunk) => { child.stdoutText += chunk; });
  child.stderr.on("data", (chunk) => { child.stderrText += chunk; });
  const url = new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`${args[0]} exited with ${code}: ${child.stderrText}`)));
  });
  return { child, url };
}

function exited(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on("exit", (code) => resolve(code));
  });
}

async function metric(base, line) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const found = text.split("\n").find((l) => l.startsWith(line));
  return found === undefined ? undefined : Number(found.slice(found.lastIndexOf(" ") + 1));
}

const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

describe("serve without a config (the demo)", () => {
  let server;
  let base;
  let client;
  before(async () => {
    server = start(["serve", "--listen", "127.0.0.1:0"]);
    base = await server.url;
    client = new OpenAI({ baseURL: `${base}/v1`, apiKey: "anything", maxRetries: 0 });
  });
  after(() => server?.child.kill("SIGTERM"));

  test("prints the demo notice and a curl line", async () => {
    for (let i = 0; i < 50 && !server.child.stdoutText.includes("Ctrl-C"); i++)
      await new Promise((r) => setTimeout(r, 20));
    const out = server.child.stdoutText;
    assert.match(out, /^gateway listening on http:\/\/127\.0\.0\.1:\d+\n/);
    assert.match(out, /local demo endpoints/);
    assert.match(out, /curl -s http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions/);
    const health = await (await fetch(`${base}/health`)).json();
    assert.equal(health.status, "ok");
  });

  test("lists the demo models", async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.deepEqual(ids.sort(), ["demo-asr", "demo-chat", "demo-embed", "demo-rerank", "demo-tts"]);
  });

  test("one model by id, and the legacy completions API", async () => {
    const model = await client.models.retrieve("demo-chat");
    assert.equal(model.id, "demo-chat");
    await assert.rejects(client.models.retrieve("nope"), (e) => e instanceof OpenAI.NotFoundError);
    const completion = await client.completions.create({ model: "demo-chat", prompt: "Say hi", max_tokens: 8 });
    assert.equal(completion.object, "text_completion");
    assert.match(completion.choices[0].text, /Say hi/);
    let streamed = "";
    for await (const chunk of await client.completions.create({ model: "demo-chat", prompt: "Say hi", stream: true }))
      streamed += chunk.choices[0]?.text ?? "";
    assert.equal(streamed, completion.choices[0].text);
  });

  test("chat completion with usage and the overhead header", async () => {
    const { data, response } = await client.chat.completions
      .create({ model: "demo-chat", messages: [{ role: "user", content: "Hello gateway" }] })
      .withResponse();
    assert.equal(data.object, "chat.completion");
    assert.match(data.choices[0].message.content, /Hello gateway/);
    assert.equal(data.choices[0].finish_reason, "stop");
    assert.ok(data.usage.prompt_tokens > 0 && data.usage.completion_tokens > 0);
    assert.equal(data.usage.total_tokens, data.usage.prompt_tokens + data.usage.completion_tokens);
    const overhead = Number(response.headers.get("x-gateway-overhead-ms"));
    assert.ok(Number.isFinite(overhead) && overhead >= 0);
    assert.match(response.headers.get("x-request-id"), /^[0-9a-f]{16}$/);
  });

  test("streaming with include_usage gives the same text and a final usage chunk", async () => {
    const messages = [{ role: "user", content: "Tell me about streaming please" }];
    const whole = await client.chat.completions.create({ model: "demo-chat", messages });
    const stream = await client.chat.completions.create({
      model: "demo-chat", messages, stream: true, stream_options: { include_usage: true },
    });
    let text = "";
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      text += chunk.choices[0]?.delta?.content ?? "";
    }
    assert.equal(text, whole.choices[0].message.content);
    assert.equal(chunks[0].choices[0].delta.role, "assistant");
    const last = chunks.at(-1);
    assert.deepEqual(last.choices, []);
    assert.deepEqual(last.usage, whole.usage);
    assert.equal(chunks.at(-2).choices[0].finish_reason, "stop");
    for (const chunk of chunks.slice(0, -1)) assert.equal(chunk.usage, null);
  });

  test("embeddings: float and base64 (the SDK's default) decode to the same vectors", async () => {
    const input = ["the cat sat", "on the mat"];
    const floats = await client.embeddings.create({ model: "demo-embed", input, encoding_format: "float" });
    const viaBase64 = await client.embeddings.create({ model: "demo-embed", input });
    assert.equal(floats.data.length, 2);
    assert.ok(floats.data[0].embedding.length > 0);
    assert.ok(floats.data[0].embedding.some((v) => v !== 0));
    for (let i = 0; i < 2; i++) {
      assert.equal(floats.data[i].index, i);
      assert.deepEqual(Array.from(viaBase64.data[i].embedding),
                       floats.data[i].embedding.map((v) => Math.fround(v)));
    }
    assert.ok(floats.usage.prompt_tokens > 0);
  });

  test("rerank (curl-style, both paths) is sorted and honours top_n", async () => {
    for (const path of ["/v1/rerank", "/rerank"]) {
      const response = await fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "demo-rerank", query: "where do cats sleep",
          documents: ["stock prices fell", { text: "cats sleep on the sofa" }, "dogs bark"],
          top_n: 2,
        }),
      });
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.results.length, 2);
      assert.equal(body.results[0].index, 1);
      assert.equal(body.results[0].document.text, "cats sleep on the sofa");
      assert.ok(body.results[0].relevance_score >= body.results[1].relevance_score);
    }
  });

  test("speech then transcription round-trips the text (SDK audio APIs)", async () => {
    const input = "Hello from the gateway. This is a round trip.";
    const speech = await client.audio.speech.create({ model: "demo-tts", voice: "alloy", input });
    assert.equal(speech.headers.get("content-type"), "audio/mpeg");
    const audio = Buffer.from(await speech.arrayBuffer());
    assert.ok(audio.length > 1000);
    const file = await toFile(audio, "speech.mp3", { type: "audio/mpeg" });
    const transcript = await client.audio.transcriptions.create({ model: "demo-asr", file });
    assert.equal(transcript.text, input);
    const verbose = await client.audio.transcriptions.create({
      model: "demo-asr", file: await toFile(audio, "speech.mp3"), response_format: "verbose_json",
    });
    assert.ok(verbose.segments.length >= 2);
    assert.equal(verbose.segments.map((s) => s.text).join(""), input);
    const srt = await client.audio.transcriptions.create({
      model: "demo-asr", file: await toFile(audio, "speech.mp3"), response_format: "srt",
    });
    assert.match(srt, /^1\n00:00:\d\d,\d{3} --> 00:00:\d\d,\d{3}\nHello from the gateway\./);
    await assert.rejects(
      client.audio.speech.create({ model: "demo-tts", voice: "alloy", input, response_format: "wav" }),
      (e) => e instanceof OpenAI.BadRequestError && e.param === "response_format");
  });

  test("errors are OpenAI envelopes with the right status", async () => {
    const bad = await fetch(`${base}/v1/chat/completions`, {
      method: "POST", headers: { "content-type": "application/json" }, body: "{not json",
    });
    assert.equal(bad.status, 400);
    const envelope = await bad.json();
    assert.equal(envelope.error.type, "invalid_request_error");
    assert.equal(envelope.error.code, "invalid_json");
    assert.ok("param" in envelope.error);

    await assert.rejects(
      client.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "x" }] }),
      (e) => e instanceof OpenAI.NotFoundError && e.code === "model_not_found" && /demo-chat/.test(e.message));
    await assert.rejects(
      client.chat.completions.create({ model: "demo-chat", messages: [{ role: "user", content: 7 }] }),
      (e) => e instanceof OpenAI.BadRequestError && e.param === "messages[0].content");
    // An unknown harmless field is not an error.
    const ok = await client.chat.completions.create({
      model: "demo-chat", messages: [{ role: "user", content: "hi" }], user: "u1",
      some_future_field: { a: 1 }, metadata: { k: "v" },
    });
    assert.equal(ok.object, "chat.completion");
  });

  test("metrics count what was served", async () => {
    const ok = await metric(base, 'gateway_requests_total{route="/v1/chat/completions",model="demo-chat",status="200"}');
    assert.ok(ok >= 3, `chat 200s: ${ok}`);
    assert.ok((await metric(base, 'gateway_errors_total{kind="not_found"}')) >= 1);
    assert.ok((await metric(base, 'gateway_tokens_total{model="demo-chat",direction="completion"}')) > 0);
    assert.equal(await metric(base, "gateway_streams_in_flight"), 0);
  });
});

describe("serve --config against a separate emulator", () => {
  let emulator;
  let server;
  let base;
  let all;
  let embedOnly;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), "gateway-"));
    const emulatorConfig = join(dir, "emulator.yaml");
    writeFileSync(emulatorConfig, `
endpoints:
  - name: random-parts
    container: vllm
    chunking: {random: true, min_part: 1, max_part: 7, seed: 11}
  - {name: thinker, backend: {container: vllm, model_id: Qwen/Qwen3-8B, reasoning_field: reasoning_content}}
  - name: slow
    container: vllm
    latency: {per_part_ms: 100}
  - name: quiet
    container: vllm
    latency: {first_byte_ms: 1000}
  - name: broken-stream
    container: vllm
    faults: [{kind: model_stream_error, after_parts: 2, error_code: StreamBroken}]
  - name: throttled
    container: vllm
    faults: [{kind: throttling, rate: 1.0}]
  - name: refusing
    container: vllm
    faults: [{kind: model_error, rate: 1.0, original_status: 400}]
  - name: crashing
    container: vllm
    faults: [{kind: model_error, rate: 1.0, original_status: 500}]
  - {name: embed, backend: {container: tei, task: embed}}
  - {name: rerank, backend: {container: tei, task: rerank}}
`);
    emulator = start(["emulate", "--listen", "127.0.0.1:0", "--config", emulatorConfig]);
    const emulatorUrl = await emulator.url;
    const gatewayConfig = join(dir, "gateway.yaml");
    writeFileSync(gatewayConfig, `
listen: 127.0.0.1:0
max_body_bytes: 65536
drain_timeout_seconds: 10
stream_keepalive_ms: 250
api_keys:
  - { key: "\${GW_KEY_ALL}", name: all, models: ["*"] }
  - { key: "\${GW_KEY_EMBED}", name: embed-only, models: [embed] }
aws: { region: us-east-1, endpoint_url: "${emulatorUrl}", access_key_id: test, secret_access_key: test }
models:
  - { name: chat, type: llm, endpoint: random-parts, function_calling_type: stream_tool_call }
  - { name: thinker, type: llm, endpoint: thinker, model_id: Qwen/Qwen3-8B }
  - { name: slow, type: llm, endpoint: slow }
  - { name: broken, type: llm, endpoint: broken-stream }
  - { name: quiet, type: llm, endpoint: quiet }
  - { name: throttled, type: llm, endpoint: throttled }
  - { name: refusing, type: llm, endpoint: refusing }
  - { name: crashing, type: llm, endpoint: crashing }
  - { name: embed, type: text-embedding, endpoint: embed, format: tei }
  - { name: rerank, type: rerank, endpoint: rerank, format: tei }
`);
    server = start(["serve", "--config", gatewayConfig],
                   { GW_KEY_ALL: KEY_ALL, GW_KEY_EMBED: KEY_EMBED });
    base = await server.url;
    all = new OpenAI({ baseURL: `${base}/v1`, apiKey: KEY_ALL, maxRetries: 0 });
    embedOnly = new OpenAI({ baseURL: `${base}/v1`, apiKey: KEY_EMBED, maxRetries: 0 });
  });
  after(() => {
    server?.child.kill("SIGTERM");
    emulator?.child.kill("SIGTERM");
  });

  test("keys: the model list is filtered, a bad key is 401, a disallowed model 403", async () => {
    const ids = [];
    for await (const model of embedOnly.models.list()) ids.push(model.id);
    assert.deepEqual(ids, ["embed"]);
    const everything = [];
    for await (const model of all.models.list()) everything.push(model.id);
    assert.equal(everything.length, 10);

    const wrong = new OpenAI({ baseURL: `${base}/v1`, apiKey: "sk-wrong-key-000000", maxRetries: 0 });
    await assert.rejects(wrong.models.list(), (e) => e instanceof OpenAI.AuthenticationError);
    const none = await fetch(`${base}/v1/models`);
    assert.equal(none.status, 401);
    assert.equal((await none.json()).error.code, "invalid_api_key");
    // x-api-key works too.
    const viaHeader = await fetch(`${base}/v1/models`, { headers: { "x-api-key": KEY_EMBED } });
    assert.equal(viaHeader.status, 200);

    await assert.rejects(
      embedOnly.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "x" }] }),
      (e) => e instanceof OpenAI.PermissionDeniedError && /Allowed models: embed/.test(e.message));
    const vectors = await embedOnly.embeddings.create({ model: "embed", input: "allowed" });
    assert.equal(vectors.data.length, 1);
  });

  test("tool calls across randomly cut parts: index on every delta, id and name once", async () => {
    const stream = await all.chat.completions.create({
      model: "chat", stream: true, stream_options: { include_usage: true },
      messages: [{ role: "user", content: "What is the weather in Paris?" }],
      tools: [WEATHER_TOOL],
    });
    const calls = new Map();
    let finish;
    let usage;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.finish_reason) finish = choice.finish_reason;
      for (const delta of choice.delta.tool_calls ?? []) {
        assert.equal(typeof delta.index, "number");
        const seen = calls.get(delta.index);
        if (!seen) {
          assert.ok(delta.id, "the first delta of a call has its id");
          assert.equal(delta.type, "function");
          calls.set(delta.index, { id: delta.id, name: delta.function.name, args: delta.function.arguments ?? "" });
        } else {
          assert.equal(delta.id, undefined, "the id appears once");
          assert.equal(delta.function.name, undefined, "the name appears once");
          seen.args += delta.function.arguments ?? "";
        }
      }
    }
    assert.equal(finish, "tool_calls");
    assert.equal(calls.size, 1);
    const call = calls.get(0);
    assert.equal(call.name, "get_weather");
    assert.equal(JSON.parse(call.args).city, "Paris");
    assert.ok(usage.completion_tokens > 0);

    // The same through the SDK's own non-stream shape, then the tool result round trip.
    const whole = await all.chat.completions.create({
      model: "chat", messages: [{ role: "user", content: "What is the weather in Paris?" }],
      tools: [WEATHER_TOOL],
    });
    const message = whole.choices[0].message;
    assert.equal(message.tool_calls[0].function.name, "get_weather");
    const answer = await all.chat.completions.create({
      model: "chat", tools: [WEATHER_TOOL],
      messages: [
        { role: "user", content: "What is the weather in Paris?" },
        message,
        { role: "tool", tool_call_id: message.tool_calls[0].id, content: "sunny, 21 C" },
      ],
    });
    assert.equal(answer.choices[0].finish_reason, "stop");
    assert.ok(answer.choices[0].message.content.length > 0);
  });

  test("reasoning arrives as reasoning_content, streamed and not", async () => {
    const messages = [{ role: "user", content: "Why is the sky blue?" }];
    const whole = await all.chat.completions.create({ model: "thinker", messages });
    assert.ok(whole.choices[0].message.reasoning_content?.length > 0);
    let reasoning = "";
    for await (const chunk of await all.chat.completions.create({ model: "thinker", messages, stream: true })) {
      reasoning += chunk.choices[0]?.delta?.reasoning_content ?? "";
    }
    assert.equal(reasoning, whole.choices[0].message.reasoning_content);
  });

  test("SageMaker's failures map to OpenAI statuses the SDK knows", async () => {
    const ask = (model, stream = false) => all.chat.completions.create({
      model, stream, messages: [{ role: "user", content: "hello" }],
    });
    await assert.rejects(ask("throttled"), (e) => e instanceof OpenAI.RateLimitError);
    // The container's own 4xx is the caller's request; its 5xx is ours (502).
    await assert.rejects(ask("refusing"), (e) => e instanceof OpenAI.BadRequestError);
    await assert.rejects(ask("crashing"), (e) => e instanceof OpenAI.APIError && e.status === 502);
    // A stream failing before its first chunk fails with the status — unless a keep-alive comment
    // already committed the response (here after 250 ms of retries): then with an error event
    // of the same type.
    await assert.rejects(async () => {
      for await (const chunk of await ask("throttled", true)) assert.fail(`a chunk: ${JSON.stringify(chunk)}`);
    }, (e) => {
      assert.ok(e instanceof OpenAI.RateLimitError ||
                (e instanceof OpenAI.APIError && e.type === "rate_limit_error"), `${e}`);
      return true;
    });
  });

  test("a quiet stream gets keep-alive comments before its first chunk; clients ignore them", async () => {
    const body = JSON.stringify({ model: "quiet", stream: true, messages: [{ role: "user", content: "take your time" }] });
    const response = await fetch(`${base}/v1/chat/completions`, {
      method: "POST", body,
      headers: { "content-type": "application/json", authorization: `Bearer ${KEY_ALL}` },
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(text.startsWith(": keep-alive\n\n"), text.slice(0, 80));
    assert.ok(text.endsWith("data: [DONE]\n\n"));
    let content = "";
    for await (const chunk of await all.chat.completions.create(JSON.parse(body)))
      content += chunk.choices[0]?.delta?.content ?? "";
    assert.match(content, /take your time/);
  });

  test("a stream that breaks midway ends with an error event the SDK raises", async () => {
    const stream = await all.chat.completions.create({
      model: "broken", stream: true,
      messages: [{ role: "user", content: "a long enough answer to have several parts please" }],
    });
    let received = 0;
    await assert.rejects(async () => {
      for await (const chunk of stream) received += chunk.choices.length;
    }, (e) => {
      assert.ok(e instanceof OpenAI.APIError, `${e}`);
      // The SageMaker ModelStreamError's own message, in an envelope of type server_error.
      assert.match(e.message, /exceeded the limit|StreamBroken/);
      assert.equal(e.type, "server_error");
      return true;
    });
    assert.ok(received >= 1, "chunks arrived before the failure");
  });

  test("oversized bodies get 413; the gateway keeps serving", async () => {
    const big = await fetch(`${base}/v1/embeddings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEY_ALL}` },
      body: JSON.stringify({ model: "embed", input: "x".repeat(70000) }),
    });
    assert.equal(big.status, 413);
    const envelope = await big.json();  // the same error shape as every other gateway error
    assert.equal(envelope.error.code, "request_too_large");
    assert.match(envelope.error.message, /larger than/);
    const after = await all.embeddings.create({ model: "embed", input: "still here" });
    assert.equal(after.data.length, 1);
  });

  test("a client leaving mid-stream cancels it; other clients are served meanwhile", async () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
    const controller = new AbortController();
    const stream = await all.chat.completions.create(
      { model: "slow", stream: true, messages: [{ role: "user", content: words }] },
      { signal: controller.signal });
    let got = 0;
    const reading = (async () => {
      for await (const chunk of stream) {
        got += 1;
        if (got === 2) controller.abort();
      }
    })();
    // The SDK ends the iteration quietly on abort (or raises AbortError, depending on timing).
    await reading.catch((e) => assert.equal(e.name, "AbortError"));
    assert.equal(got, 2);
    // The full answer would take ~12 s (120+ parts, 100 ms each); the handler ends far sooner
    // because the upstream stream is cut when the client goes.
    let inFlight = 1;
    for (let i = 0; i < 40 && inFlight !== 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      inFlight = await metric(base, "gateway_streams_in_flight");
    }
    assert.equal(inFlight, 0);
    assert.ok((await metric(base, 'gateway_requests_total{route="/v1/chat/completions",model="slow",status="499"}')) >= 1);
    const ok = await all.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "still fine?" }] });
    assert.match(ok.choices[0].message.content, /still fine/);
  });

  test("logs carry request ids, never keys or bodies", async () => {
    await all.chat.completions.create({ model: "chat", messages: [{ role: "user", content: "secret-prompt-text" }] });
    await new Promise((r) => setTimeout(r, 100));
    const log = server.child.stderrText;
    assert.match(log, /[0-9a-f]{16} POST \/v1\/chat\/completions model=chat key=all status=200/);
    assert.ok(!log.includes(KEY_ALL) && !log.includes(KEY_EMBED));
    assert.ok(!log.includes("secret-prompt-text"));
  });

  test("SIGTERM drains a stream in flight, then the process exits 0", async () => {
    const stream = await all.chat.completions.create({
      model: "slow", stream: true, messages: [{ role: "user", content: "short drain test" }],
    });
    let text = "";
    const reading = (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    })();
    await new Promise((r) => setTimeout(r, 150));
    server.child.kill("SIGTERM");
    await reading;
    assert.match(text, /short drain test/);
    assert.equal(await exited(server.child), 0);
  });
});
