// Prisma CLI configuration. The "js" engine keeps the CLI from downloading native engines; the schema
// (and so the provider) follows DATABASE_URL, the same rule lib/db.ts applies at run time.
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./.data/sso-bridge.db";
const provider = /^postgres(ql)?:/.test(url) ? "postgresql" : "sqlite";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: `prisma/${provider}/schema.prisma`,
  adapter: async () => {
    if (provider === "postgresql") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url });
  },
});
