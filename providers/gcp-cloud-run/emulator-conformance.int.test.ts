// Clients Bulkhead did not write, against the standalone emulator (`npm run emulator -- gcp-cloud-run --port 0`):
// Debian's Python gRPC with protoc-compiled Cloud Run v2 protos drives a service's life cycle, unpacking each
// long-running operation's Any response, and with Cloud Logging v2's protos reads and follows a revision's log; Python's
// urllib drives IAM's REST API for a service account's.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { debianPython, isolatedEnvironment, protoc, startStandaloneEmulator, type StandaloneEmulator } from "../testing/independent-clients";
import { cloudRunProtoDirectories, loggingProtoDirectories } from "./emulator-protos";

const conformance = path.join(path.dirname(new URL(import.meta.url).pathname), "conformance");
let standalone: StandaloneEmulator;
beforeAll(async () => {
  standalone = await startStandaloneEmulator("gcp-cloud-run");
}, 60_000);
afterAll(() => standalone?.stop());

/** Runs a conformance script with Debian's Python and answers the JSON line it prints last. */
async function python(script: string, args: string[]): Promise<unknown> {
  const { stdout } = await promisify(execFile)(debianPython(), [path.join(conformance, script), ...args], { env: isolatedEnvironment(), timeout: 150_000 });
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

describe("a Python gRPC client compiled by protoc from the protos @google-cloud/run ships", () => {
  it("creates, reads, updates and deletes a service, unpacking every operation's response with Any.Unpack", { timeout: 180_000 }, async () => {
    const out = await mkdtemp(path.join(tmpdir(), "bulkhead-run-python-"));
    try {
      const target = `127.0.0.1:${new URL(standalone.url).port}`;
      const report = await python("cloud_run_client.py", ["--protoc", protoc(), "--out", out, "--target", target, ...cloudRunProtoDirectories.flatMap((dir) => ["--include", dir])]);
      expect(report).toEqual({
        created: "projects/python-conformance/locations/europe-west1/services/from-python",
        createdGeneration: 1,
        createdCondition: "CONDITION_SUCCEEDED",
        readUri: true,
        updatedGeneration: 2,
        updatedMaxInstances: 5,
        staleEtag: "ABORTED",
        validateOnlyDone: true,
        validateOnlyCreated: "NOT_FOUND",
        // The create and the update; a validate_only request leaves no operation behind.
        doneOperations: ["projects/python-conformance/locations/europe-west1", "projects/python-conformance/locations/europe-west1"],
        deleted: "projects/python-conformance/locations/europe-west1/services/from-python",
        afterDelete: "NOT_FOUND",
        badId: "INVALID_ARGUMENT",
      });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe("a Python gRPC client compiled by protoc from the protos @google-cloud/logging's client ships", () => {
  it("lists a revision's log page by page and follows it with TailLogEntries, and gets Cloud Logging's refusal", { timeout: 180_000 }, async () => {
    const out = await mkdtemp(path.join(tmpdir(), "bulkhead-logging-python-"));
    try {
      const target = `127.0.0.1:${new URL(standalone.url).port}`;
      const includes = [...cloudRunProtoDirectories, ...loggingProtoDirectories].flatMap((dir) => ["--include", dir]);
      const report = await python("logging_client.py", ["--protoc", protoc(), "--out", out, "--target", target, ...includes]);
      expect(report).toEqual({
        firstLines: ["Starting us-docker.pkg.dev/cloudrun/container/hello", "Environment: GREETING", "Listening on port 8080"],
        pagesOfTwo: true,
        ordered: true,
        resource: ["cloud_run_revision", "python-logs", "europe-west1"],
        logName: "projects/python-conformance/logs/run.googleapis.com%2Fstdout",
        instanceLabel: true,
        followed: "GET /healthz 200 OK",
        refusedOr: "INVALID_ARGUMENT",
      });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe("Python's urllib against IAM's REST API on the same port", () => {
  it("creates, reads, lists and deletes a service account, and gets IAM's refusals", { timeout: 60_000 }, async () => {
    const report = await python("iam_rest_client.py", ["--base", standalone.url]);
    const email = "from-python@python-conformance.iam.gserviceaccount.com";
    expect(report).toEqual({
      created: [200, `projects/python-conformance/serviceAccounts/${email}`, "From Python"],
      uniqueId: true,
      read: email,
      listed: [email],
      duplicate: [409, "ALREADY_EXISTS"],
      badId: [400, "INVALID_ARGUMENT"],
      deleted: 200,
      afterDelete: [404, "NOT_FOUND"],
    });
  });
});
