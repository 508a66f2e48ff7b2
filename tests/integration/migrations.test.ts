import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { readFederationConfig } from "@/lib/federation/federation-config";
import { migrate, readMigrations, type Migration } from "@/lib/migrate";
import { readSettings } from "@/lib/settings";
import { createEmptyDatabase, runSqlDirectly, testProvider, type TestDatabase } from "../support/databases";

const run = promisify(execFile);
let database: TestDatabase | undefined;
afterEach(async () => database?.drop());

async function appliedNames(url: string): Promise<string[]> {
  if (url.startsWith("file:")) {
    const conn = new Database(url.slice(5));
    try {
      return (conn.prepare(`SELECT name FROM "_sso_bridge_migrations" ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>(`SELECT name FROM "_sso_bridge_migrations" ORDER BY name`)).rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe(`migrations on ${testProvider()}`, () => {
  it("applies every migration once and nothing on the next start", async () => {
    database = await createEmptyDatabase();
    const all = readMigrations(database.provider).map((m) => m.name);
    expect(await migrate(database.url)).toEqual(all);
    expect(await migrate(database.url)).toEqual([]);
    expect(await appliedNames(database.url)).toEqual(all);
  });

  it("lets instances that start together apply each migration exactly once", async () => {
    database = await createEmptyDatabase();
    const script = path.resolve("tests/support/migrate-once.ts");
    const tsx = path.resolve("node_modules/.bin/tsx");
    const results = await Promise.all([1, 2, 3].map(() => run(tsx, [script, database!.url])));
    const appliedByEach = results.map((r) => JSON.parse(r.stdout) as string[]);
    const all = readMigrations(database.provider).map((m) => m.name);
    expect(appliedByEach.flat().sort()).toEqual(all);
    expect(await appliedNames(database.url)).toEqual(all);
  });

  it("refuses to start when an applied migration was edited", async () => {
    database = await createEmptyDatabase();
    await migrate(database.url);
    const first = readMigrations(database.provider)[0]!;
    const file = path.resolve("prisma", database.provider, "migrations", first.name, "migration.sql");
    const original = fs.readFileSync(file, "utf8");
    try {
      fs.writeFileSync(file, `${original}\n-- edited\n`);
      await expect(migrate(database.url)).rejects.toThrow(`migration ${first.name} was changed after it was applied`);
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});

describe(`the federation configuration's migration on ${testProvider()}`, () => {
  const NAME = /_federation_config$/;
  const aws = { entityId: "https://eu-west-1.signin.aws/platform/saml/d-1", acsUrl: "https://eu-west-1.signin.aws/platform/saml/acs/1" };
  const entra = { entityId: "https://sts.windows.net/tenant/", ssoUrl: "https://login.microsoftonline.com/tenant/saml2" };
  const app = {
    servicePrincipalId: "sp-1",
    applicationObjectId: "app-1",
    appId: "11111111-1111-1111-1111-111111111111",
    displayName: "AWS IAM Identity Center",
  };
  const instance = { instanceArn: "arn:aws:sso:::instance/ssoins-1", identityStoreId: "d-1", ownerAccountId: "111122223333", region: "eu-west-1", name: null };
  const certificate = { thumbprint: "AB12", notBefore: "2026-01-01T00:00:00.000Z", notAfter: "2029-01-01T00:00:00.000Z" };
  const scim = { endpoint: "https://scim.eu-west-1.amazonaws.com/abc/scim/v2/", tokenFingerprint: "fp-1" };
  // As each step recorded its result (lib/setup/step-data.ts) before the configuration had a table of its own.
  const steps = {
    "identity-center-instance": instance,
    "aws-sp-metadata": { fileName: "aws.xml", xml: "<md/>", ...aws, region: "eu-west-1", identityStoreId: "d-1", certificates: [] },
    "enterprise-app": { ...app, adopted: false },
    "saml-sso": { ...aws, changed: [], certificate: { ...certificate, created: true } },
    "federation-metadata": {
      xml: "<EntityDescriptor/>",
      ...entra,
      certificate: { subject: "CN=Federated SSO", ...certificate },
      fetchedAt: "2026-06-01T10:00:00.000Z",
    },
    "identity-source": {
      confirmedAt: "2026-06-01T11:30:00.250Z",
      confirmedById: "person-olivia",
      confirmedByLabel: "Olivia Operator",
      certificateThumbprint: "AB12",
    },
    "scim-credentials": {
      ...scim,
      tokenCreatedAt: "2026-06-01T12:00:00.000Z",
      tokenExpiresAt: "2027-06-01T12:00:00.000Z",
      checkedAt: "2026-06-01T12:00:00.000Z",
    },
    "provisioning-job": { jobId: "aws.job-1", created: true, scopedToAssigned: true, tokenFingerprint: "fp-1" },
    assignments: { assignees: [], nestedGroups: [] },
    "start-provisioning": { startedAt: "2026-06-01T13:00:00.000Z", jobId: "aws.job-1" },
  };

  /** An installation from before the migration with these steps recorded, then upgraded. */
  async function upgradeFrom(recorded: { id: string; status: string; data: unknown }[]) {
    database = await createEmptyDatabase();
    const url = database.url;
    const all = readMigrations(database.provider);
    const at = all.findIndex((m) => NAME.test(m.name));
    expect(at).toBeGreaterThan(0);
    const run = (ms: Migration[]) =>
      runSqlDirectly(
        url,
        ms.map((m) => ({ sql: m.sql })),
      );
    await run(all.slice(0, at));
    const updatedAt = database.provider === "sqlite" ? "2026-06-01T00:00:00.000+00:00" : "2026-06-01 00:00:00";
    const insert = `INSERT INTO "SetupStep" ("id", "status", "data", "updatedAt") VALUES ($1, $2, $3, $4)`;
    await runSqlDirectly(
      url,
      recorded.map((r) => ({ sql: insert, params: [r.id, r.status, JSON.stringify(r.data), updatedAt] })),
    );
    await run(all.slice(at));
    const client = createDb(url);
    try {
      return await readFederationConfig(client);
    } finally {
      await client.$disconnect();
    }
  }

  it("fills every part from the steps an existing installation finished", async () => {
    const config = await upgradeFrom(Object.entries(steps).map(([id, data]) => ({ id, status: "done", data })));
    const notAfter = new Date("2029-01-01T00:00:00.000Z");
    expect(config).toEqual({
      instance,
      awsServiceProvider: aws,
      enterpriseApp: app,
      signingCertificate: { thumbprint: "AB12", notAfter },
      federationMetadata: { xml: "<EntityDescriptor/>", ...entra, certificate: { thumbprint: "AB12", notAfter } },
      identitySource: { confirmedAt: new Date("2026-06-01T11:30:00.250Z"), confirmedById: "person-olivia", confirmedByLabel: "Olivia Operator" },
      scim: { ...scim, tokenExpiresAt: new Date("2027-06-01T12:00:00.000Z") },
      provisioningJob: { jobId: "aws.job-1" },
      provisioningStart: { startedAt: new Date("2026-06-01T13:00:00.000Z") },
    });
  });

  it("leaves out what steps not done (or sent back to run again) had recorded", async () => {
    const config = await upgradeFrom([
      { id: "identity-center-instance", status: "done", data: { ...instance, name: "Production" } },
      { id: "aws-sp-metadata", status: "failed", data: steps["aws-sp-metadata"] },
      { id: "enterprise-app", status: "not-started", data: steps["enterprise-app"] },
      { id: "scim-credentials", status: "not-started", data: steps["scim-credentials"] },
      // A record without the facts its part needs establishes nothing.
      { id: "provisioning-job", status: "done", data: { created: true } },
    ]);
    expect(config.instance).toEqual({ ...instance, name: "Production" });
    expect(
      Object.entries(config)
        .filter(([, part]) => part !== null)
        .map(([name]) => name),
    ).toEqual(["instance"]);
  });

  it("starts a new installation with nothing configured", async () => {
    const config = await upgradeFrom([]);
    expect(Object.values(config).every((part) => part === null)).toBe(true);
  });
});

describe(`the lab settings' migration on ${testProvider()}`, () => {
  /** An installation from before the split, with the one lab setting stored as given (or never changed), then upgraded. */
  async function upgradeWith(allowLabEndpoints: boolean | null) {
    database = await createEmptyDatabase();
    const url = database.url;
    const all = readMigrations(database.provider);
    const at = all.findIndex((m) => /_split_lab_settings$/.test(m.name));
    expect(at).toBeGreaterThan(0);
    await runSqlDirectly(
      url,
      all.slice(0, at).map((m) => ({ sql: m.sql })),
    );
    const updatedAt = database.provider === "sqlite" ? "2026-06-01T00:00:00.000+00:00" : "2026-06-01 00:00:00";
    const insert = `INSERT INTO "Setting" ("key", "value", "updatedAt", "updatedById") VALUES ($1, $2, $3, $4)`;
    if (allowLabEndpoints !== null)
      await runSqlDirectly(url, [{ sql: insert, params: ["allowLabEndpoints", JSON.stringify(allowLabEndpoints), updatedAt, "person-ada"] }]);
    await runSqlDirectly(url, [{ sql: insert, params: ["selfSignUp", "false", updatedAt, "person-ada"] }]);
    await runSqlDirectly(
      url,
      all.slice(at).map((m) => ({ sql: m.sql })),
    );
    const client = createDb(url);
    try {
      return await readSettings(client);
    } finally {
      await client.$disconnect();
    }
  }

  it("turns both lab settings on where the one setting was on", async () => {
    expect(await upgradeWith(true)).toEqual({ selfSignUp: false, allowLabScimEndpoints: true, allowLabWebhooks: true, auditRetentionDays: null });
  });

  it("leaves both off where it was off or never changed", async () => {
    expect(await upgradeWith(false)).toMatchObject({ selfSignUp: false, allowLabScimEndpoints: false, allowLabWebhooks: false });
    expect(await upgradeWith(null)).toMatchObject({ selfSignUp: false, allowLabScimEndpoints: false, allowLabWebhooks: false });
  });
});

describe(`the provisioning cycles' migration on ${testProvider()}`, () => {
  it("keeps each cycle the monitor's polls saw before the upgrade, once", async () => {
    const created = await createEmptyDatabase();
    database = created;
    const url = created.url;
    const all = readMigrations(created.provider);
    const at = all.findIndex((m) => /_provisioning_cycles$/.test(m.name));
    expect(at).toBeGreaterThan(0);
    await runSqlDirectly(
      url,
      all.slice(0, at).map((m) => ({ sql: m.sql })),
    );
    const time = (iso: string) => (created.provider === "sqlite" ? iso.replace("Z", "+00:00") : iso.replace("T", " ").replace("Z", ""));
    const insert = `INSERT INTO "ProvisioningSnapshot" ("id", "takenAt", "state", "lastCycleId", "lastCycleState", "lastCycleBeganAt", "lastCycleEndedAt", "lastCycleExported") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
    const poll = (id: string, takenAt: string, cycle: string | null, ended: string | null, state = "Succeeded") => ({
      sql: insert,
      params: [id, time(takenAt), "healthy", cycle, ended ? state : null, ended ? time("2026-06-01T10:00:00.000Z") : null, ended ? time(ended) : null, 3],
    });
    // Two polls saw the same cycle, two saw the same run Graph gave no id, one saw none yet.
    await runSqlDirectly(url, [
      poll("s1", "2026-06-01T09:00:00.000Z", null, null),
      poll("s2", "2026-06-01T10:05:00.000Z", "run-1", "2026-06-01T10:01:00.000Z"),
      poll("s3", "2026-06-01T10:10:00.000Z", "run-1", "2026-06-01T10:01:00.000Z"),
      poll("s4", "2026-06-01T11:05:00.000Z", null, "2026-06-01T11:01:00.000Z", "Failed"),
      poll("s5", "2026-06-01T11:10:00.000Z", null, "2026-06-01T11:01:00.000Z", "Failed"),
    ]);
    await runSqlDirectly(
      url,
      all.slice(at).map((m) => ({ sql: m.sql })),
    );
    const client = createDb(url);
    try {
      expect(await client.provisioningCycle.findMany({ orderBy: { endedAt: "asc" } })).toEqual([
        {
          key: "run-1",
          state: "Succeeded",
          beganAt: new Date("2026-06-01T10:00:00.000Z"),
          endedAt: new Date("2026-06-01T10:01:00.000Z"),
          entitled: null,
          exported: 3,
          failed: null,
        },
        // Keyed as a later read of the job keys the same run (cycle-record.ts), so it is not kept twice.
        {
          key: "2026-06-01T11:01:00.000Z Failed",
          state: "Failed",
          beganAt: new Date("2026-06-01T10:00:00.000Z"),
          endedAt: new Date("2026-06-01T11:01:00.000Z"),
          entitled: null,
          exported: 3,
          failed: null,
        },
      ]);
    } finally {
      await client.$disconnect();
    }
  });
});
