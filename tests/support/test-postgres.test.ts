import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptsTestsAt, findOrStartTestPostgres, type TestPostgres } from "./test-postgres";

// The PostgreSQL a machine without one gets for its test run must allow what the tests do.

describe("a PostgreSQL started for the run", () => {
  let server: TestPostgres;
  const connect = async (database = "postgres") => {
    const url = new URL(server.url);
    url.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    server = await findOrStartTestPostgres({ TEST_POSTGRES_EMBEDDED: "1" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("is started on loopback with a password, not taken from the default address", () => {
    expect(server.started).toBe(true);
    expect(server.url).toMatch(/^postgresql:\/\/root:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
    expect(new URL(server.url).port).not.toBe("5432");
  });

  it("lets the tests create databases with triggers, hold advisory locks and open many connections", async () => {
    const admin = await connect();
    await admin.query("CREATE DATABASE machine_check");
    try {
      const [a, b] = [await connect("machine_check"), await connect("machine_check")];
      await a.query("CREATE TABLE t (v text)");
      await a.query("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$");
      await a.query("CREATE TRIGGER no_delete BEFORE DELETE ON t FOR EACH ROW EXECUTE FUNCTION refuse()");
      await a.query("INSERT INTO t VALUES ('é—✓')");
      await expect(a.query("DELETE FROM t")).rejects.toThrow("refused");
      expect((await b.query("SELECT v FROM t")).rows).toEqual([{ v: "é—✓" }]);

      await a.query("SELECT pg_advisory_lock(7)");
      expect((await b.query<{ got: boolean }>("SELECT pg_try_advisory_lock(7) AS got")).rows[0]?.got).toBe(false);
      await a.query("SELECT pg_advisory_unlock(7)");
      expect((await b.query<{ got: boolean }>("SELECT pg_try_advisory_lock(7) AS got")).rows[0]?.got).toBe(true);
      await Promise.all([a.end(), b.end()]);

      const many = await Promise.all(Array.from({ length: 60 }, () => connect("machine_check")));
      await Promise.all(many.map((c) => c.end()));
    } finally {
      await admin.query("DROP DATABASE machine_check WITH (FORCE)");
      await admin.end();
    }
  });

  it("tells a server that refuses the tests from an address where nothing listens", async () => {
    expect(await acceptsTestsAt(server.url)).toBe(true);
    const wrongPassword = new URL(server.url);
    wrongPassword.password = "not-the-password";
    await expect(acceptsTestsAt(wrongPassword.toString())).rejects.toThrow(
      /^A PostgreSQL server answers at 127\.0\.0\.1:\d+ but refuses the tests .*TEST_POSTGRES_URL/,
    );
    const closed = new URL(server.url);
    closed.port = "1";
    expect(await acceptsTestsAt(closed.toString())).toBe(false);
  });
});

describe("findOrStartTestPostgres", () => {
  it("uses TEST_POSTGRES_URL as given and starts nothing", async () => {
    const server = await findOrStartTestPostgres({ TEST_POSTGRES_URL: "postgresql://ci@db.internal:5432/ci" });
    expect(server).toMatchObject({ url: "postgresql://ci@db.internal:5432/ci", started: false });
  });
});
