import path from "node:path";
import { z } from "zod";

// Every environment variable SSO Bridge reads, validated once. Each problem becomes one line that
// names the variable and the fix (README "Configuration" documents the same list).
const schema = z.object({
  // "local" (demo, development, tests) may create its own encryption key file; production may not.
  SSO_BRIDGE_ENV: z.enum(["production", "local"], "must be production or local").default("production"),
  SSO_BRIDGE_DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .optional(),
  SSO_BRIDGE_ENCRYPTION_KEY: z.string().optional(),
  SSO_BRIDGE_ADMINS: z.string().default(""),
  NEXTAUTH_URL: z.url("must be the URL people use to reach SSO Bridge, e.g. https://sso-bridge.example.com").optional(),
  ENTRA_TENANT_ID: z.string().regex(/^[0-9a-f-]{36}$/i, "must be the directory (tenant) id, a GUID"),
  ENTRA_CLIENT_ID: z.string().regex(/^[0-9a-f-]{36}$/i, "must be the application (client) id, a GUID"),
  ENTRA_CLIENT_SECRET: z.string().min(1, "must be a client secret of the app registration"),
  ENTRA_AUTHORITY_HOST: z
    .url()
    .refine((u) => u.startsWith("https://"), "must be an https:// URL such as https://login.microsoftonline.com")
    .default("https://login.microsoftonline.com"),
});

export type Config = {
  mode: "production" | "local";
  dataDir: string;
  databaseUrl: string;
  databaseProvider: "sqlite" | "postgresql";
  encryptionKey: string | undefined;
  admins: string[];
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

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const missing = env[name] === undefined || env[name] === "";
      const what = missing ? "is not set" : issue.message;
      const fix = fixes[name];
      return `${name} ${what}${fix ? `: ${fix}` : ""}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  if (e.SSO_BRIDGE_ENV === "production" && !e.SSO_BRIDGE_ENCRYPTION_KEY) {
    throw new ConfigError([
      "SSO_BRIDGE_ENCRYPTION_KEY is not set: production needs a key; create one with `openssl rand -base64 32` and keep it safe (or set SSO_BRIDGE_ENV=local to keep a key file in the data folder, for trying SSO Bridge out)",
    ]);
  }
  const dataDir = path.resolve(e.SSO_BRIDGE_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "sso-bridge.db")}`;
  return {
    mode: e.SSO_BRIDGE_ENV,
    dataDir,
    databaseUrl,
    databaseProvider: databaseUrl.startsWith("file:") ? "sqlite" : "postgresql",
    encryptionKey: e.SSO_BRIDGE_ENCRYPTION_KEY,
    admins: e.SSO_BRIDGE_ADMINS.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean),
    entra: {
      tenantId: e.ENTRA_TENANT_ID.toLowerCase(),
      clientId: e.ENTRA_CLIENT_ID,
      clientSecret: e.ENTRA_CLIENT_SECRET,
      authorityHost: e.ENTRA_AUTHORITY_HOST.replace(/\/+$/, ""),
    },
  };
}

let cached: Config | undefined;

/** The whole configuration; what a server start needs. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

export type StorageConfig = Pick<Config, "mode" | "dataDir" | "databaseUrl" | "databaseProvider" | "encryptionKey">;

let cachedStorage: StorageConfig | undefined;

/** Only what the database and the key ring need, so the CLI works without sign-in settings. */
export function storageConfig(): StorageConfig {
  cachedStorage ??= cached ?? parseStorageConfig();
  return cachedStorage;
}

function parseStorageConfig(): StorageConfig {
  const entraPlaceholders = {
    ENTRA_TENANT_ID: "00000000-0000-0000-0000-000000000000",
    ENTRA_CLIENT_ID: "00000000-0000-0000-0000-000000000000",
    ENTRA_CLIENT_SECRET: "unused",
  };
  const { mode, dataDir, databaseUrl, databaseProvider, encryptionKey } = parseConfig({ ...process.env, ...entraPlaceholders });
  return { mode, dataDir, databaseUrl, databaseProvider, encryptionKey };
}
