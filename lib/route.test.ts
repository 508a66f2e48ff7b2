import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "./errors";
import { defineRoute } from "./route";

// The signed-in paths (401, 403 and the audited refusal) need a session and a database: the browser
// tests call the real routes for those. Here, what every route answers the same way.

const noParams = { params: Promise.resolve({}) };

afterEach(() => vi.restoreAllMocks());

describe("a route defined with defineRoute", () => {
  it("answers a refused query with 400 and each problem, without running", async () => {
    const run = vi.fn(() => Promise.resolve(new Response("ran")));
    const GET = defineRoute({
      name: "test.query",
      allowed: "public",
      query: z.object({ format: z.enum(["csv", "jsonl"], "Ask for format=csv or format=jsonl.") }),
      run,
    });
    const res = await GET(new Request("http://x.test/export?format=xml"), noParams);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "Ask for format=csv or format=jsonl.",
      problems: [{ field: "format", message: "Ask for format=csv or format=jsonl." }],
    });
    expect(run).not.toHaveBeenCalled();
  });

  it("gives the handler the parsed query and JSON body", async () => {
    const POST = defineRoute({
      name: "test.body",
      allowed: "public",
      query: z.object({ n: z.coerce.number() }),
      body: z.object({ name: z.string().min(1) }),
      run: ({ query, body }) => Promise.resolve(Response.json({ n: query.n + 1, name: body.name })),
    });
    const res = await POST(
      new Request("http://x.test/r?n=41", { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"Ada"}' }),
      noParams,
    );
    expect(await res.json()).toEqual({ n: 42, name: "Ada" });
    const unreadable = await POST(new Request("http://x.test/r?n=1", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }), noParams);
    expect(unreadable.status).toBe(400);
  });

  it("answers an AppError with its code's HTTP status and its message", async () => {
    const GET = defineRoute({
      name: "test.app-error",
      allowed: "public",
      run: () => Promise.reject(new AppError("NotConfigured", "Finish step 5 first.")),
    });
    const res = await GET(new Request("http://x.test/r"), noParams);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: "Finish step 5 first." });
  });

  it("answers any other failure with 500 and a reference that the log line carries, never the error itself", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const GET = defineRoute({
      name: "test.fault",
      allowed: "public",
      run: () => Promise.reject(new Error("connect ECONNREFUSED db.internal:5432 as app_user")),
    });
    const res = await GET(new Request("http://x.test/r"), noParams);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: string; reference: string };
    expect(body.reference).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error).toContain(`reference ${body.reference}`);
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|db\.internal|app_user|\bat .*:\d+:\d+/);
    const line = JSON.parse(String(logged.mock.calls[0]?.[0])) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "error", message: "route test.fault failed", requestId: body.reference });
  });
});
