import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const entra = {
  SSO_BRIDGE_ENV: "local",
  ENTRA_TENANT_ID: "8f1c2a47-0000-4000-8000-000000000001",
  ENTRA_CLIENT_ID: "8f1c2a47-0000-4000-8000-000000000002",
  ENTRA_CLIENT_SECRET: "secret",
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("configuration", () => {
  it("defaults to SQLite in the data folder", () => {
    const c = parseConfig({ ...entra, SSO_BRIDGE_DATA_DIR: "/tmp/ssob" });
    expect(c.databaseProvider).toBe("sqlite");
    expect(c.databaseUrl).toBe("file:/tmp/ssob/sso-bridge.db");
    expect(c.entra.authorityHost).toBe("https://login.microsoftonline.com");
  });

  it("chooses PostgreSQL from the URL scheme", () => {
    expect(parseConfig({ ...entra, DATABASE_URL: "postgresql://u@h:5432/d" }).databaseProvider).toBe("postgresql");
  });

  it("takes a separate migration role only for PostgreSQL", () => {
    const owner = "postgresql://owner@h:5432/d";
    expect(parseConfig({ ...entra, DATABASE_URL: "postgresql://app@h:5432/d", SSO_BRIDGE_MIGRATION_DATABASE_URL: owner }).migrationDatabaseUrl).toBe(owner);
    expect(parseConfig({ ...entra, DATABASE_URL: "postgresql://app@h:5432/d" }).migrationDatabaseUrl).toBeUndefined();
    expect(problems({ ...entra, SSO_BRIDGE_MIGRATION_DATABASE_URL: owner })).toEqual([
      expect.stringMatching(/^SSO_BRIDGE_MIGRATION_DATABASE_URL is set, but DATABASE_URL is not a PostgreSQL database/),
    ]);
    expect(problems({ ...entra, DATABASE_URL: "postgresql://app@h:5432/d", SSO_BRIDGE_MIGRATION_DATABASE_URL: "file:x.db" })).toEqual([
      expect.stringMatching(/^SSO_BRIDGE_MIGRATION_DATABASE_URL must be a postgresql:\/\/ URL/),
    ]);
  });

  it("names each missing variable with its fix, one line each", () => {
    const lines = problems({ SSO_BRIDGE_ENV: "local" });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ENTRA_TENANT_ID is not set: /);
    expect(lines.join("\n")).toContain("ENTRA_CLIENT_SECRET is not set");
  });

  it("explains a malformed DATABASE_URL", () => {
    expect(problems({ ...entra, DATABASE_URL: "mysql://x" })).toEqual([
      expect.stringMatching(/^DATABASE_URL must start with file: \(SQLite\) or postgresql:\/\//),
    ]);
  });

  it("refuses production, the default, without an encryption key, the public address and who becomes admin", () => {
    expect(problems({ ...entra, SSO_BRIDGE_ENV: undefined })).toEqual([
      expect.stringMatching(/^SSO_BRIDGE_ENCRYPTION_KEY is not set: .*openssl rand/),
      expect.stringMatching(/^NEXTAUTH_URL is not set: production needs the address people use/),
      expect.stringMatching(/^SSO_BRIDGE_ADMINS is not set: /),
    ]);
    expect(problems({ ...entra, SSO_BRIDGE_ENV: "local" })).toEqual([]);
  });

  it("wants https in production except on this machine", () => {
    const prod = { ...entra, SSO_BRIDGE_ENV: "production", SSO_BRIDGE_ENCRYPTION_KEY: "x", SSO_BRIDGE_ADMINS: "ada@contoso.com" };
    expect(problems({ ...prod, NEXTAUTH_URL: "http://sso-bridge.example.com" })).toEqual([
      "NEXTAUTH_URL must be an https:// address in production (sessions travel in its cookies), not http://sso-bridge.example.com",
    ]);
    expect(problems({ ...prod, NEXTAUTH_URL: "https://sso-bridge.example.com" })).toEqual([]);
    expect(problems({ ...prod, NEXTAUTH_URL: "http://localhost:3000" })).toEqual([]);
  });

  it("refuses a plain-http authority host", () => {
    expect(problems({ ...entra, ENTRA_AUTHORITY_HOST: "http://login.example" })[0]).toMatch(/^ENTRA_AUTHORITY_HOST must be an https/);
  });

  it("reads the admin list case-insensitively", () => {
    expect(parseConfig({ ...entra, SSO_BRIDGE_ADMINS: " Ada@Contoso.com , bob@contoso.com" }).admins).toEqual(["ada@contoso.com", "bob@contoso.com"]);
  });

  it("refuses tokens without the acct claim unless told to treat such accounts as members", () => {
    expect(parseConfig(entra).missingAcctClaim).toBe("refuse");
    expect(parseConfig({ ...entra, SSO_BRIDGE_MISSING_ACCT_CLAIM: "member" }).missingAcctClaim).toBe("member");
    expect(problems({ ...entra, SSO_BRIDGE_MISSING_ACCT_CLAIM: "guest" })).toEqual(["SSO_BRIDGE_MISSING_ACCT_CLAIM must be refuse (the default) or member"]);
  });

  describe("who becomes the first admin", () => {
    const prod = { ...entra, SSO_BRIDGE_ENV: "production", SSO_BRIDGE_ENCRYPTION_KEY: "x", NEXTAUTH_URL: "https://sso-bridge.example.com" };

    it("in production, refuses to start until the admins are named or first-sign-in admin is asked for, in one line naming both", () => {
      expect(problems(prod)).toEqual([
        "SSO_BRIDGE_ADMINS is not set: production does not make whoever signs in first admin unless told to; list the admins' user principal names or object ids (SSO_BRIDGE_ADMINS=alice@example.com), or set SSO_BRIDGE_FIRST_SIGN_IN_ADMIN=true to make the first person to sign in admin",
      ]);
      expect(parseConfig({ ...prod, SSO_BRIDGE_ADMINS: "ada@contoso.com" })).toMatchObject({ admins: ["ada@contoso.com"], firstSignInAdmin: false });
      expect(parseConfig({ ...prod, SSO_BRIDGE_FIRST_SIGN_IN_ADMIN: "true" })).toMatchObject({ admins: [], firstSignInAdmin: true });
    });

    it("in local mode, makes the first person admin when no admins are listed, as before", () => {
      expect(parseConfig(entra)).toMatchObject({ admins: [], firstSignInAdmin: true });
      expect(parseConfig({ ...entra, SSO_BRIDGE_ADMINS: "ada@contoso.com" }).firstSignInAdmin).toBe(false);
      expect(parseConfig({ ...entra, SSO_BRIDGE_FIRST_SIGN_IN_ADMIN: "false" }).firstSignInAdmin).toBe(false);
    });

    it("refuses both settings at once, and a value that is not true or false", () => {
      expect(problems({ ...prod, SSO_BRIDGE_ADMINS: "ada@contoso.com", SSO_BRIDGE_FIRST_SIGN_IN_ADMIN: "true" })).toEqual([
        "SSO_BRIDGE_FIRST_SIGN_IN_ADMIN=true contradicts SSO_BRIDGE_ADMINS, which makes nobody admin by signing in first: remove one of them",
      ]);
      expect(problems({ ...entra, SSO_BRIDGE_FIRST_SIGN_IN_ADMIN: "yes" })).toEqual(["SSO_BRIDGE_FIRST_SIGN_IN_ADMIN must be true or false"]);
    });
  });

  it("reads the trusted proxy count, none by default, and refuses anything but a small whole number", () => {
    expect(parseConfig(entra).trustedProxies).toBe(0);
    expect(parseConfig({ ...entra, SSO_BRIDGE_TRUSTED_PROXIES: "2" }).trustedProxies).toBe(2);
    expect(problems({ ...entra, SSO_BRIDGE_TRUSTED_PROXIES: "10.0.0.0/8" })).toEqual([
      "SSO_BRIDGE_TRUSTED_PROXIES must be the number of proxies in front of SSO Bridge that add X-Forwarded-For (0 when none)",
    ]);
    expect(problems({ ...entra, SSO_BRIDGE_TRUSTED_PROXIES: "-1" })).toEqual(["SSO_BRIDGE_TRUSTED_PROXIES must be 0 or more"]);
  });
});
