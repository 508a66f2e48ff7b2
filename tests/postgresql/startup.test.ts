import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { describeDatabase } from "@/lib/startup";
import { testPostgresUrl } from "../support/databases";
import { startUpProblems } from "../support/start-up-problems";

describe("start-up problems", () => {
  it("names DATABASE_URL and the fix when PostgreSQL is unreachable, without the password", async () => {
    expect(await startUpProblems({ DATABASE_URL: "postgresql://app:hunter2@127.0.0.1:1/ssob" })).toEqual([
      "DATABASE_URL: cannot use the database at postgresql://app@127.0.0.1:1/ssob: nothing is listening there: start PostgreSQL or fix the host and port in DATABASE_URL",
    ]);
  });

  it("names a database that does not exist", async () => {
    const missing = new URL(testPostgresUrl());
    missing.pathname = "/ssob_does_not_exist";
    const lines = await startUpProblems({ DATABASE_URL: missing.toString() });
    expect(lines).toEqual([expect.stringMatching(/^DATABASE_URL: .*that database does not exist: create it/)]);
  });

  it("refuses a malformed encryption key before touching the database", async () => {
    expect(await startUpProblems({ SSO_BRIDGE_ENCRYPTION_KEY: "not-a-key", DATABASE_URL: "postgresql://root@127.0.0.1:1/x" })).toEqual([
      "SSO_BRIDGE_ENCRYPTION_KEY holds a key that is not 32 bytes of base64: create one with `openssl rand -base64 32`",
    ]);
  });

  it("describes a URL without its password", () => {
    expect(describeDatabase("postgresql://u:p@h:5432/d")).toBe("postgresql://u@h:5432/d");
  });
});

describe("npm start with a bad configuration", () => {
  const start = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ["scripts/start.mjs"], { env: { PATH: process.env.PATH!, NODE_ENV: "production", ...env } }, (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      );
    });

  it("stops before serving, with one line per problem and no stack trace", async () => {
    const { code, stderr } = await start({ DATABASE_URL: "mysql://x", SSO_BRIDGE_ENV: "local" });
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^sso-bridge: DATABASE_URL must start with file: \(SQLite\) or postgresql:\/\//),
      expect.stringMatching(/^sso-bridge: ENTRA_TENANT_ID is not set: /),
      expect.stringMatching(/^sso-bridge: ENTRA_CLIENT_ID is not set: /),
      expect.stringMatching(/^sso-bridge: ENTRA_CLIENT_SECRET is not set: /),
    ]);
  });

  it("names an unreachable database", async () => {
    const { code, stderr } = await start({
      DATABASE_URL: "postgresql://root@127.0.0.1:1/x",
      NEXTAUTH_URL: "https://sso-bridge.example.com",
      SSO_BRIDGE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
      ENTRA_TENANT_ID: "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f",
      ENTRA_CLIENT_ID: "3c5e7a9b-1d2f-4e6a-8b0c-2d4f6a8c0e1b",
      ENTRA_CLIENT_SECRET: "x",
      SSO_BRIDGE_ADMINS: "ada.admin@contoso.example",
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      "sso-bridge: DATABASE_URL: cannot use the database at postgresql://root@127.0.0.1:1/x: nothing is listening there: start PostgreSQL or fix the host and port in DATABASE_URL",
    );
  });

  it("refuses to serve production without named admins or an explicit first-sign-in admin, naming both variables", async () => {
    const { code, stderr } = await start({
      DATABASE_URL: "postgresql://root@127.0.0.1:1/x",
      NEXTAUTH_URL: "https://sso-bridge.example.com",
      SSO_BRIDGE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
      ENTRA_TENANT_ID: "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f",
      ENTRA_CLIENT_ID: "3c5e7a9b-1d2f-4e6a-8b0c-2d4f6a8c0e1b",
      ENTRA_CLIENT_SECRET: "x",
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^sso-bridge: SSO_BRIDGE_ADMINS is not set: .*SSO_BRIDGE_FIRST_SIGN_IN_ADMIN=true/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });
});
