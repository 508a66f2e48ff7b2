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

-- Runs Graph gave no activityIdentifier, keyed by their end and state as SSO Bridge keys them (an ISO 8601 time in UTC).
INSERT INTO "ProvisioningCycle" ("key", "state", "beganAt", "endedAt", "entitled", "exported", "failed")
SELECT replace("lastCycleEndedAt", '+00:00', 'Z') || ' ' || "lastCycleState", "lastCycleState", MAX("lastCycleBeganAt"), "lastCycleEndedAt", MAX("lastCycleEntitled"), MAX("lastCycleExported"), MAX("lastCycleFailed")
  FROM "ProvisioningSnapshot"
 WHERE "lastCycleId" IS NULL AND "lastCycleEndedAt" IS NOT NULL AND "lastCycleState" IS NOT NULL
 GROUP BY "lastCycleEndedAt", "lastCycleState";
