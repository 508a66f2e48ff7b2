import path from "node:path";
import { z } from "zod";

// Every environment variable SSO Bridge reads, validated once. Each problem becomes one line that
// names the variable and the fix (README "Configuration" documents the same list).
const storageSchema = z.object({
  // "local" (demo, development, tests) may create its own encryption key file; production may not.
  SSO_BRIDGE_ENV: z.enum(["production", "local"], "must be production or local").default("production"),
  SSO_BRIDGE_DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .optional(),
  SSO_BRIDGE_ENCRYPTION_KEY: z.string().optional(),
  // The hardened PostgreSQL deployment: migrations run as this (owner) role, SSO Bridge serves as DATABASE_URL's.
  SSO_BRIDGE_MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL: the role that owns SSO Bridge's tables and applies its migrations")
    .optional(),
});

const signInAppSchema = z.object({
  ENTRA_TENANT_ID: z.string().regex(/^[0-9a-f-]{36}$/i, "must be the directory (tenant) id, a GUID"),
  ENTRA_CLIENT_ID: z.string().regex(/^[0-9a-f-]{36}$/i, "must be the application (client) id, a GUID"),
  ENTRA_CLIENT_SECRET: z.string().min(1, "must be a client secret of the app registration"),
});

const proxySchema = z.object({
  // A count of proxy hops, like SvelteKit's XFF_DEPTH or Express's numeric "trust proxy" (lib/client-address.ts says why not a list).
  SSO_BRIDGE_TRUSTED_PROXIES: z.coerce
    .number("must be the number of proxies in front of SSO Bridge that add X-Forwarded-For (0 when none)")
    .int("must be a whole number of proxies")
    .min(0, "must be 0 or more")
    .max(10, "must be at most 10 proxies")
    .default(0),
});

const budgetSchema = z.object({
  SSO_BRIDGE_CLOUD_BUDGET_SHARE: z.coerce
    .number("must be a fraction such as 0.5")
    .gt(0, "must be more than 0")
    .max(1, "must be at most 1 (the whole published limit)")
    .default(0.5),
});

const monitorSchema = z.object({
  SSO_BRIDGE_MONITOR_INTERVAL_SECONDS: z.coerce.number().int().min(10, "must be at least 10 seconds").max(86_400, "must be at most a day").default(300),
});

const driftSchema = z.object({
  SSO_BRIDGE_DRIFT_SCAN_HOURS: z.coerce.number().int().min(1, "must be at least 1 hour").max(168, "must be at most a week").default(24),
  SSO_BRIDGE_DRIFT_DELETE_LIMIT: z.coerce.number().int().min(1, "must be at least 1").max(1000, "must be at most 1000").default(20),
  SSO_BRIDGE_MIRROR_INTERVAL_SECONDS: z.coerce.number().int().min(10, "must be at least 10 seconds").max(86_400, "must be at most a day").default(600),
});

const schema = storageSchema.extend(signInAppSchema.shape).extend({
  ...proxySchema.shape,
  SSO_BRIDGE_ADMINS: z.string().default(""),
  SSO_BRIDGE_FIRST_SIGN_IN_ADMIN: z.enum(["true", "false"], "must be true or false").optional(),
  SSO_BRIDGE_MISSING_ACCT_CLAIM: z.enum(["refuse", "member"], "must be refuse (the default) or member").default("refuse"),
  NEXTAUTH_URL: z.url("must be the URL people use to reach SSO Bridge, e.g. https://sso-bridge.example.com").optional(),
  ...monitorSchema.shape,
  ...driftSchema.shape,
  ...budgetSchema.shape,
  ENTRA_AUTHORITY_HOST: z
    .url()
    .refine((u) => u.startsWith("https://"), "must be an https:// URL such as https://login.microsoftonline.com")
    .default("https://login.microsoftonline.com"),
});

export type StorageConfig = {
  mode: "production" | "local";
  dataDir: string;
  databaseUrl: string;
  databaseProvider: "sqlite" | "postgresql";
  encryptionKey: string | undefined;
  /** the owner role migrations run as, when it is not DATABASE_URL's (PostgreSQL only) */
  migrationDatabaseUrl: string | undefined;
};

export type Config = StorageConfig & {
  /** NEXTAUTH_URL: the address people use (always set when serving; `npm start` fills it in locally) */
  publicUrl: string | undefined;
  admins: string[];
  /** whether the first person to sign in to an empty database becomes admin: never with an admin list; in production only when asked for */
  firstSignInAdmin: boolean;
  /** how many proxies in front of SSO Bridge add to X-Forwarded-For; 0 ignores the header */
  trustedProxies: number;
  /** how sign-in treats an ID token without the acct claim, which tells members from guests */
  missingAcctClaim: "refuse" | "member";
  monitorIntervalMs: number;
  /** how often a scheduled drift scan runs */
  driftScanIntervalMs: number;
  /** how often mirror groups follow the changes to their sources */
  mirrorIntervalMs: number;
  /** the fraction of each cloud's published request limit SSO Bridge's readers use; the rest is left to other tools */
  cloudBudgetShare: number;
  entra: { tenantId: string; clientId: string; clientSecret: string; authorityHost: string };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

const fixes: Record<string, string> = {
  ENTRA_TENANT_ID: "set it to your Entra tenant id (or run `npm run demo`, which points at the simulator)",
  ENTRA_CLIENT_ID: "set it to the client id of the SSO Bridge app registration",
  ENTRA_CLIENT_SECRET: "set it to a client secret of the SSO Bridge app registration",
  DATABASE_URL: "e.g. file:./.data/sso-bridge.db or postgresql://user@host:5432/db",
};

function parseWith<S extends z.ZodType>(s: S, env: Record<string, string | undefined>): z.output<S> {
  const parsed = s.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const missing = env[name] === undefined || env[name] === "";
      const what = missing ? "is not set" : issue.message;
      const fix = fixes[name];
      return `${name} ${what}${fix ? `: ${fix}` : ""}`;
    }),
  );
}

function storageFrom(e: z.output<typeof storageSchema>): StorageConfig {
  const dataDir = path.resolve(e.SSO_BRIDGE_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "sso-bridge.db")}`;
  const databaseProvider = databaseUrl.startsWith("file:") ? "sqlite" : "postgresql";
  return {
    mode: e.SSO_BRIDGE_ENV,
    dataDir,
    databaseUrl,
    databaseProvider,
    encryptionKey: e.SSO_BRIDGE_ENCRYPTION_KEY,
    migrationDatabaseUrl: migrationRole(e.SSO_BRIDGE_MIGRATION_DATABASE_URL, databaseProvider),
  };
}

/** A separate migration role exists only on PostgreSQL, where roles do. */
function migrationRole(url: string | undefined, provider: StorageConfig["databaseProvider"]): string | undefined {
  if (url && provider !== "postgresql") {
    throw new ConfigError([
      "SSO_BRIDGE_MIGRATION_DATABASE_URL is set, but DATABASE_URL is not a PostgreSQL database: a separate migration role needs PostgreSQL; remove it for SQLite",
    ]);
  }
  return url;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** What serving needs; production rules on top of the variables' own checks. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const e = parseWith(schema, env);
  if (e.SSO_BRIDGE_ENV === "production") {
    const problems: string[] = [];
    if (!e.SSO_BRIDGE_ENCRYPTION_KEY) {
      problems.push(
        "SSO_BRIDGE_ENCRYPTION_KEY is not set: production needs a key; create one with `openssl rand -base64 32` and keep it safe (or set SSO_BRIDGE_ENV=local to keep a key file in the data folder, for trying SSO Bridge out)",
      );
    }
    const url = e.NEXTAUTH_URL ? new URL(e.NEXTAUTH_URL) : undefined;
    if (!url) {
      problems.push(
        "NEXTAUTH_URL is not set: production needs the address people use, e.g. https://sso-bridge.example.com (it is also the sign-in redirect URI's base)",
      );
    } else if (url.protocol !== "https:" && !LOOPBACK.has(url.hostname)) {
      problems.push(`NEXTAUTH_URL must be an https:// address in production (sessions travel in its cookies), not ${url.origin}`);
    }
    problems.push(...firstAdminProblems(e));
    if (problems.length > 0) throw new ConfigError(problems);
  }
  const admins = e.SSO_BRIDGE_ADMINS.split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (admins.length > 0 && e.SSO_BRIDGE_FIRST_SIGN_IN_ADMIN === "true") {
    throw new ConfigError([
      "SSO_BRIDGE_FIRST_SIGN_IN_ADMIN=true contradicts SSO_BRIDGE_ADMINS, which makes nobody admin by signing in first: remove one of them",
    ]);
  }
  return {
    ...storageFrom(e),
    publicUrl: e.NEXTAUTH_URL,
    admins,
    // Locally (demo, development) the first person is admin unless told otherwise; production has to say so.
    firstSignInAdmin: admins.length === 0 && (e.SSO_BRIDGE_FIRST_SIGN_IN_ADMIN ?? (e.SSO_BRIDGE_ENV === "local" ? "true" : "false")) === "true",
    trustedProxies: e.SSO_BRIDGE_TRUSTED_PROXIES,
    missingAcctClaim: e.SSO_BRIDGE_MISSING_ACCT_CLAIM,
    monitorIntervalMs: e.SSO_BRIDGE_MONITOR_INTERVAL_SECONDS * 1000,
    driftScanIntervalMs: e.SSO_BRIDGE_DRIFT_SCAN_HOURS * 3_600_000,
    mirrorIntervalMs: e.SSO_BRIDGE_MIRROR_INTERVAL_SECONDS * 1000,
    cloudBudgetShare: e.SSO_BRIDGE_CLOUD_BUDGET_SHARE,
    entra: {
      tenantId: e.ENTRA_TENANT_ID.toLowerCase(),
      clientId: e.ENTRA_CLIENT_ID,
      clientSecret: e.ENTRA_CLIENT_SECRET,
      authorityHost: e.ENTRA_AUTHORITY_HOST.replace(/\/+$/, ""),
    },
  };
}

/**
 * A production server open to the first comer would hand the admin seat to whoever reaches it first,
 * so production names its admins or says explicitly that the first sign-in takes the seat.
 */
function firstAdminProblems(e: z.output<typeof schema>): string[] {
  if (e.SSO_BRIDGE_ADMINS.trim() !== "" || e.SSO_BRIDGE_FIRST_SIGN_IN_ADMIN === "true") return [];
  return [
    "SSO_BRIDGE_ADMINS is not set: production does not make whoever signs in first admin unless told to; list the admins' user principal names or object ids (SSO_BRIDGE_ADMINS=alice@example.com), or set SSO_BRIDGE_FIRST_SIGN_IN_ADMIN=true to make the first person to sign in admin",
  ];
}

let cached: Config | undefined;

/** The whole configuration; what a server start needs. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

let cachedStorage: StorageConfig | undefined;

/** Only what the database and the key ring need, so the CLI works without the server's settings. */
export function storageConfig(): StorageConfig {
  cachedStorage ??= cached ?? storageFrom(parseWith(storageSchema, process.env));
  return cachedStorage;
}

/**
 * The app registration people sign in with, alone: what reading the Entra connection needs, so
 * the CLI works without the web server's other settings.
 */
export function signInAppConfig(): { tenantId: string; clientId: string; clientSecret: string } {
  if (cached) return cached.entra;
  const e = parseWith(signInAppSchema, process.env);
  return { tenantId: e.ENTRA_TENANT_ID.toLowerCase(), clientId: e.ENTRA_CLIENT_ID, clientSecret: e.ENTRA_CLIENT_SECRET };
}

/** How many proxies vouch for X-Forwarded-For entries, alone: every request reads it, the CLI included. */
export function trustedProxies(): number {
  return cached?.trustedProxies ?? parseWith(proxySchema, process.env).SSO_BRIDGE_TRUSTED_PROXIES;
}

/** The share of each cloud's published limit the readers use, alone: the readers run in the CLI and tests too. */
export function cloudBudgetShare(): number {
  return cached?.cloudBudgetShare ?? parseWith(budgetSchema, process.env).SSO_BRIDGE_CLOUD_BUDGET_SHARE;
}

/** The most objects one removal from the Drift page deletes in AWS, alone: the CLI and tests fix drift too. */
export function driftDeleteLimit(): number {
  return parseWith(driftSchema, process.env).SSO_BRIDGE_DRIFT_DELETE_LIMIT;
}

/** How often the monitor polls, alone: the readers' idle period follows it, and they run in the CLI and tests too. */
export function monitorIntervalMs(): number {
  return cached?.monitorIntervalMs ?? parseWith(monitorSchema, process.env).SSO_BRIDGE_MONITOR_INTERVAL_SECONDS * 1000;
}
