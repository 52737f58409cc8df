// The emulator as the AWS SDK for JavaScript v3 (npm) sees it: the SDK serializes, signs and
// parses exactly as against AWS, so a passing call means the wire protocol matches, and an error
// surfacing as the SDK's own exception class means the error shape matches.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  SageMakerRuntimeClient, InvokeEndpointCommand, InvokeEndpointWithResponseStreamCommand,
  ModelError, ModelStreamError, ValidationError,
} from "@aws-sdk/client-sagemaker-runtime";
import { SageMakerClient, DescribeEndpointCommand } from "@aws-sdk/client-sagemaker";
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { S3Client, PutObjectCommand, GetObjectCommand, NoSuchKey } from "@aws-sdk/client-s3";

const BINARY = process.env.SMP_BINARY ?? "build/debug/src/cli/sagemaker-provider";
const CONFIG = `
endpoints:
  - {name: demo-chat, container: vllm}
  - name: random-parts
    container: vllm
    chunking: {random: true, min_part: 1, max_part: 5, seed: 5}
  - name: broken-stream
    container: vllm
    faults: [{kind: model_stream_error, after_parts: 1, error_code: StreamBroken}]
roles:
  - arn: arn:aws:iam::000000000000:role/demo
    trust: [test]
  - arn: arn:aws:iam::000000000000:role/demo-external
    trust: [test]
    external_id: demo-external-id
  - arn: arn:aws:iam::000000000000:role/brief
    trust: [test]
    session_duration: 1
buckets: [sagemaker-emulator]
`;
const CHAT = { messages: [{ role: "user", content: "Hello from node" }], max_tokens: 16 };
const TEST_KEY = { accessKeyId: "test", secretAccessKey: "test" };

let emulator;
let url;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "emulator-"));
  const config = join(dir, "emulator.yaml");
  writeFileSync(config, CONFIG);
  emulator = spawn(BINARY, ["emulate", "--listen", "127.0.0.1:0", "--config", config],
                   { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH } });
  url = await new Promise((resolve, reject) => {
    let out = "";
    emulator.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    emulator.on("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
});

after(() => emulator?.kill("SIGTERM"));

const options = (credentials = TEST_KEY, extra = {}) => ({
  endpoint: url, region: "us-east-1", credentials, maxAttempts: 1, ...extra,
});
const runtime = (credentials) => new SageMakerRuntimeClient(options(credentials));
const encode = (value) => new TextEncoder().encode(JSON.stringify(value));

async function assumeRole(roleArn, extra = {}) {
  const sts = new STSClient(options());
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "node", ...extra }));
  return {
    accessKeyId: out.Credentials.AccessKeyId,
    secretAccessKey: out.Credentials.SecretAccessKey,
    sessionToken: out.Credentials.SessionToken,
  };
}

test("InvokeEndpoint returns the container's answer and the runtime headers", async () => {
  const out = await runtime().send(new InvokeEndpointCommand({
    EndpointName: "demo-chat", ContentType: "application/json", Accept: "application/json",
    Body: encode(CHAT), CustomAttributes: "accept_eula=true",
  }));
  assert.equal(out.ContentType, "application/json");
  assert.equal(out.InvokedProductionVariant, "AllTraffic");
  assert.match(out.$metadata.requestId, /^[0-9a-f-]{36}$/);
  const reply = JSON.parse(new TextDecoder().decode(out.Body));
  assert.equal(reply.object, "chat.completion");
  assert.match(reply.choices[0].message.content, /Hello from node/);
});

test("InvokeEndpointWithResponseStream decodes with the SDK's event-stream parser", async () => {
  const out = await runtime().send(new InvokeEndpointWithResponseStreamCommand({
    EndpointName: "random-parts", ContentType: "application/json", Body: encode({ ...CHAT, stream: true }),
  }));
  assert.equal(out.InvokedProductionVariant, "AllTraffic");
  assert.match(out.ContentType, /^text\/event-stream/);
  const parts = [];
  for await (const event of out.Body) {
    assert.ok(event.PayloadPart, `unexpected event ${JSON.stringify(Object.keys(event))}`);
    parts.push(Buffer.from(event.PayloadPart.Bytes));
  }
  assert.ok(parts.length > 10, `only ${parts.length} parts`);
  const text = Buffer.concat(parts).toString("utf8");
  assert.match(text, /chat\.completion\.chunk/);
  assert.match(text, /data: \[DONE\]\s*$/);
});

test("ModelStreamError in the stream is the SDK's ModelStreamError", async () => {
  const out = await runtime().send(new InvokeEndpointWithResponseStreamCommand({
    EndpointName: "broken-stream", ContentType: "application/json", Body: encode({ ...CHAT, stream: true }),
  }));
  let parts = 0;
  await assert.rejects(async () => {
    for await (const event of out.Body) if (event.PayloadPart) parts += 1;
  }, (error) => {
    assert.ok(error instanceof ModelStreamError, `${error.name}: ${error.message}`);
    assert.equal(error.ErrorCode, "StreamBroken");
    return true;
  });
  assert.equal(parts, 1);
});

test("unknown endpoint is ValidationError with the real message", async () => {
  await assert.rejects(runtime().send(new InvokeEndpointCommand({ EndpointName: "nope", Body: encode({}) })),
    (error) => {
      assert.ok(error instanceof ValidationError, error.name);
      assert.equal(error.message, "Endpoint nope of account 000000000000 not found.");
      assert.equal(error.$metadata.httpStatusCode, 400);
      return true;
    });
});

test("bad JSON to the container is ModelError 424 with the container's status", async () => {
  await assert.rejects(runtime().send(new InvokeEndpointCommand({
    EndpointName: "demo-chat", ContentType: "application/json", Body: new TextEncoder().encode("{oops"),
  })), (error) => {
    assert.ok(error instanceof ModelError, error.name);
    assert.equal(error.$metadata.httpStatusCode, 424);
    assert.ok(error.OriginalStatusCode >= 400);
    assert.match(error.LogStreamArn, /^arn:aws:logs:us-east-1:000000000000:log-group:\/aws\/sagemaker\/Endpoints\/demo-chat$/);
    return true;
  });
});

test("body over 6 MiB is HTTP 413", async () => {
  await assert.rejects(runtime().send(new InvokeEndpointCommand({
    EndpointName: "demo-chat", Body: new Uint8Array(6 * 1024 * 1024 + 1),
  })), (error) => {
    assert.equal(error.$metadata.httpStatusCode, 413);
    return true;
  });
});

test("wrong secret is InvalidSignatureException", async () => {
  await assert.rejects(runtime({ accessKeyId: "test", secretAccessKey: "wrong" })
    .send(new InvokeEndpointCommand({ EndpointName: "demo-chat", Body: encode(CHAT) })),
  (error) => {
    assert.equal(error.name, "InvalidSignatureException");
    assert.equal(error.$metadata.httpStatusCode, 403);
    return true;
  });
});

test("AssumeRole without and with ExternalId", async () => {
  const sts = new STSClient(options());
  await assert.rejects(sts.send(new AssumeRoleCommand({
    RoleArn: "arn:aws:iam::000000000000:role/demo-external", RoleSessionName: "node",
  })), (error) => {
    assert.equal(error.name, "AccessDenied");
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.equal(error.message, "User: arn:aws:iam::000000000000:user/test is not authorized to " +
      "perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/demo-external");
    return true;
  });
  const credentials = await assumeRole("arn:aws:iam::000000000000:role/demo-external",
                                       { ExternalId: "demo-external-id" });
  assert.match(credentials.accessKeyId, /^ASIA/);
  const who = await new STSClient(options(credentials)).send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, "arn:aws:sts::000000000000:assumed-role/demo-external/node");
  const out = await runtime(credentials).send(new InvokeEndpointCommand({
    EndpointName: "demo-chat", ContentType: "application/json", Body: encode(CHAT),
  }));
  assert.equal(out.$metadata.httpStatusCode, 200);
});

test("expired session credentials are ExpiredTokenException", async () => {
  const credentials = await assumeRole("arn:aws:iam::000000000000:role/brief");
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await assert.rejects(runtime(credentials).send(new InvokeEndpointCommand({
    EndpointName: "demo-chat", Body: encode(CHAT),
  })), (error) => {
    assert.equal(error.name, "ExpiredTokenException");
    assert.equal(error.message, "The security token included in the request is expired");
    return true;
  });
});

test("DescribeEndpoint reports status, times and variants", async () => {
  const sagemaker = new SageMakerClient(options());
  const out = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "demo-chat" }));
  assert.equal(out.EndpointStatus, "InService");
  assert.equal(out.EndpointArn, "arn:aws:sagemaker:us-east-1:000000000000:endpoint/demo-chat");
  assert.ok(out.CreationTime instanceof Date);
  assert.equal(out.ProductionVariants[0].VariantName, "AllTraffic");
  await assert.rejects(sagemaker.send(new DescribeEndpointCommand({ EndpointName: "nope" })),
    (error) => {
      assert.equal(error.name, "ValidationException");
      assert.equal(error.message, 'Could not find endpoint "nope".');
      return true;
    });
});

test("S3 put and get with forcePathStyle", async () => {
  const s3 = new S3Client(options(TEST_KEY, { forcePathStyle: true }));
  await s3.send(new PutObjectCommand({
    Bucket: "sagemaker-emulator", Key: "node/hello world.txt", Body: "hello from node",
    ContentType: "text/plain",
  }));
  const got = await s3.send(new GetObjectCommand({ Bucket: "sagemaker-emulator", Key: "node/hello world.txt" }));
  assert.equal(await got.Body.transformToString(), "hello from node");
  assert.equal(got.ContentType, "text/plain");
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: "sagemaker-emulator", Key: "missing" })),
    (error) => {
      assert.ok(error instanceof NoSuchKey, error.name);
      return true;
    });
});
