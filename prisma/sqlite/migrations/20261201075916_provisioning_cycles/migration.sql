-- CreateTable
CREATE TABLE "ProvisioningCycle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "beganAt" DATETIME,
    "endedAt" DATETIME NOT NULL,
    "entitled" INTEGER,
    "exported" INTEGER,
    "failed" INTEGER
);

-- CreateIndex
CREATE INDEX "ProvisioningCycle_endedAt_idx" ON "ProvisioningCycle"("endedAt");

-- The cycles the monitor's polls saw before this table existed, once each.
INSERT INTO "ProvisioningCycle" ("key", "state", "beganAt", "endedAt", "entitled", "exported", "failed")
SELECT "lastCycleId", MAX("lastCycleState"), MAX("lastCycleBeganAt"), MAX("lastCycleEndedAt"), MAX("lastCycleEntitled"), MAX("lastCycleExported"), MAX("lastCycleFailed")
  FROM "ProvisioningSnapshot"
 WHERE "lastCycleId" IS NOT NULL AND "lastCycleEndedAt" IS NOT NULL AND "lastCycleState" IS NOT NULL
 GROUP BY "lastCycleId";
