-- CreateTable
CREATE TABLE "AuditChainHead" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "events" INTEGER NOT NULL
);

-- The head starts at the chain's current end (or the genesis hash of an empty chain).
INSERT INTO "AuditChainHead" ("id", "prevHash", "hash", "events")
SELECT 1,
       COALESCE((SELECT "prevHash" FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000'),
       COALESCE((SELECT "hash" FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000'),
       (SELECT COUNT(*) FROM "AuditEvent");
