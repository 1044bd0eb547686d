import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson, { type SuperJSONResult } from "superjson";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { deploymentListView } from "@/server/deployments/views";
import { protectedProcedure, router } from "./init";
import { markChecked, serializeOutput } from "./output-encoding";
import { outputView } from "./output-view";

// The encoding must be superjson's own: the dashboard's client decodes it with superjson. So each case is sent
// through JSON as the endpoint sends it, and must decode to what superjson's own encoding decodes to.
const sent = (encoded: unknown) => superjson.deserialize(JSON.parse(JSON.stringify(encoded)));
const viaSuperjson = (value: unknown) => superjson.deserialize(JSON.parse(JSON.stringify(superjson.serialize(value))));

async function checkedBy<T extends z.ZodType>(schema: T, value: z.input<T>) {
  return outputView(schema).parseAsync(value);
}

const page = () =>
  Array.from({ length: 3 }, (_, i) => ({
    id: `d-${i}`,
    status: "running" as const,
    statusMessage: "Revision 1 is running",
    desiredRevision: 1,
    runningRevision: i === 1 ? null : 1,
    url: i === 2 ? null : `https://app-${i}.example.com`,
    updatedAt: new Date(Date.UTC(2026, 11, 4, 7, i)),
    app: { id: `a-${i}`, name: `app-${i}` },
    target: { id: `t-${i}`, name: `target-${i}`, kind: "aws" as const },
  }));

describe("answers encoded from their output view", () => {
  it("is how the API answers a procedure with an output view: the client's superjson gets its dates back", async () => {
    const app = router({ list: protectedProcedure.output(outputView(deploymentListView)).query(() => page()) });
    const actor = { userId: "u", email: "u@example.com", name: "U", role: "developer" as const, teamIds: [] };
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost/api/trpc/list"),
      router: app,
      createContext: () => ({ actor, meta: { requestId: "output-encoding-test", sourceIp: null, userAgent: null } }),
    });
    const body = (await response.json()) as { result: { data: SuperJSONResult & { meta: { values: Record<string, string[]> } } } };
    expect(body.result.data.meta.values["2.updatedAt"]).toEqual(["Date"]);
    expect(superjson.deserialize(body.result.data)).toEqual(viaSuperjson(page()));
    expect(app._def._config.transformer.output.serialize).toBe(serializeOutput);
  });

  it("gives a page of deployments back with its dates as dates, without superjson's walk", async () => {
    const answer = await checkedBy(deploymentListView, page());
    const encoded = serializeOutput(answer) as { json: unknown; meta: { values: Record<string, string[]> } };
    expect(encoded.json).toBe(answer);
    expect(encoded.meta.values).toEqual({ "0.updatedAt": ["Date"], "1.updatedAt": ["Date"], "2.updatedAt": ["Date"] });
    const decoded = sent(encoded) as ReturnType<typeof page>;
    expect(decoded).toEqual(viaSuperjson(page()));
    expect(decoded[0].updatedAt).toBeInstanceOf(Date);
  });

  it("encodes bigints, nested arrays, nullable and optional dates, and keys with dots as superjson does", async () => {
    const schema = z.object({
      sequence: z.bigint(),
      "at.time": z.date(),
      maybe: z.date().nullable(),
      later: z.date().optional(),
      rows: z.array(z.object({ seen: z.array(z.date()), count: z.bigint().nullable(), name: z.string() })),
    });
    const value = {
      sequence: 12345678901234567890n,
      "at.time": new Date(1),
      maybe: null,
      rows: [
        { seen: [new Date(2), new Date(3)], count: 7n, name: "a.b" },
        { seen: [], count: null, name: "c" },
      ],
    };
    const encoded = serializeOutput(await checkedBy(schema, value));
    expect(sent(encoded)).toEqual(viaSuperjson(value));
    expect((encoded as { meta: { values: Record<string, string[]> } }).meta.values).toEqual({
      sequence: ["bigint"],
      "at\\.time": ["Date"],
      "rows.0.seen.0": ["Date"],
      "rows.0.seen.1": ["Date"],
      "rows.0.count": ["bigint"],
    });
  });

  it("writes each answer's own paths when answers of one schema differ in length and nesting (the paths are kept between answers)", async () => {
    const schema = z.array(z.object({ at: z.date().nullable(), seen: z.array(z.date()) }));
    const answers = [
      [{ at: new Date(1), seen: [new Date(2)] }],
      [{ at: null, seen: [] }, { at: new Date(3), seen: [new Date(4), new Date(5)] }, { at: new Date(6), seen: [new Date(7)] }],
      [{ at: new Date(8), seen: [new Date(9), new Date(10), new Date(11)] }, { at: null, seen: [new Date(12)] }],
    ];
    for (const answer of answers) {
      const expected = superjson.serialize(answer);
      const encoded = serializeOutput(await checkedBy(schema, answer)) as { meta: { values: Record<string, string[]> } };
      expect(encoded.meta.values).toEqual(expected.meta?.values);
      expect(sent(encoded)).toEqual(viaSuperjson(answer));
    }
  });

  it("sends an answer with neither dates nor bigints as plain JSON", async () => {
    const encoded = serializeOutput(await checkedBy(z.array(z.object({ name: z.string(), kind: z.enum(["a", "b"]) })), [{ name: "x", kind: "a" }]));
    expect(encoded).toEqual({ json: [{ name: "x", kind: "a" }] });
  });

  it("leaves to superjson what the schema cannot vouch for: unknown JSON, unions, records, loose objects, frozen or shared output", async () => {
    const cases: [z.ZodType, unknown][] = [
      [z.object({ spec: z.unknown() }), { spec: { at: new Date(5), n: 1n } }],
      [z.union([z.object({ at: z.date() }), z.object({ n: z.bigint() })]), { at: new Date(6) }],
      [z.record(z.string(), z.date()), { a: new Date(7) }],
      [z.looseObject({ name: z.string() }), { name: "x", extra: new Date(8) }],
      // Frozen output, and output that can be the schema's own default object: neither may be changed in place.
      [z.object({ at: z.date() }).readonly(), { at: new Date(10) }],
      [z.object({ at: z.date() }).default({ at: new Date(11) }), undefined],
      [z.date(), new Date(12)],
    ];
    for (const [schema, value] of cases) {
      const answer = await checkedBy(schema, value as never);
      const expected = viaSuperjson(answer);
      expect(serializeOutput(answer)).toEqual(superjson.serialize(answer));
      expect(sent(serializeOutput(answer))).toEqual(expected);
    }
  });

  it("encodes with superjson what no view checked (errors, subscriptions' events)", () => {
    const value = { at: new Date(9), items: [1n] };
    expect(serializeOutput(value)).toEqual(superjson.serialize(value));
    expect(serializeOutput(markChecked("text", z.string()))).toEqual(superjson.serialize("text"));
  });
});
