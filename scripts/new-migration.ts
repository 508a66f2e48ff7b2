// npm run db:migration -- <name> [--from <git revision>]
// Writes the SQL that takes each provider's schema from its state at a git revision (HEAD by
// default) to the working tree's, as a new migration for SQLite and for PostgreSQL.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// The PostgreSQL diff connects to a server (nothing is written to it).
const PROVIDERS = [
  { name: "sqlite", url: "file:./.data/generate.db" },
  { name: "postgresql", url: process.env.TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/test" },
] as const;

function schemaAt(rev: string, file: string): string | null {
  try {
    return execFileSync("git", ["show", `${rev}:${file}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

function diff(provider: (typeof PROVIDERS)[number], from: string | null, to: string): string {
  const args = ["prisma", "migrate", "diff", "--to-schema-datamodel", to, "--script"];
  args.push(...(from ? ["--from-schema-datamodel", from] : ["--from-empty"]));
  return execFileSync("npx", args, { encoding: "utf8", env: { ...process.env, DATABASE_URL: provider.url } });
}

function main() {
  const args = process.argv.slice(2);
  const fromAt = args.indexOf("--from");
  const rev = fromAt >= 0 ? (args[fromAt + 1] ?? "") : "HEAD";
  const name = args.find((a, i) => !a.startsWith("--") && (fromAt < 0 || i !== fromAt + 1));
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: npm run db:migration -- <name in snake_case> [--from <git revision>]");
    process.exit(2);
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-migration-"));
  // The SQLite diff opens its database file through the driver, which does not create the folder.
  fs.mkdirSync(".data", { recursive: true });
  let written = 0;
  for (const provider of PROVIDERS) {
    const schema = `prisma/${provider.name}/schema.prisma`;
    const previous = schemaAt(rev, schema);
    const fromFile = previous === null ? null : path.join(tmp, `${provider.name}.prisma`);
    if (fromFile) fs.writeFileSync(fromFile, previous!);
    const sql = diff(provider, fromFile, schema)
      .replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/m, "")
      .trim();
    if (!sql || sql === "-- This is an empty migration.") {
      console.log(`${provider.name}: the schema has not changed since ${rev}`);
      continue;
    }
    const dir = path.join("prisma", provider.name, "migrations", `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
    console.log(`${provider.name}: wrote ${dir}/migration.sql`);
    written += 1;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  if (written === 1) console.error("only one provider changed: the two schemas must describe the same models");
}

main();
