-- CreateTable
CREATE TABLE "CloudReading" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT,
    "readAt" DATETIME,
    "attemptedAt" DATETIME,
    "problem" TEXT,
    "requestedAt" DATETIME,
    "watchedUntil" DATETIME,
    "leaseHolder" TEXT,
    "leaseUntil" DATETIME
);

-- CreateTable
CREATE TABLE "CloudBudget" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "tokens" REAL NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProvisioningLogEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "activityDateTime" DATETIME NOT NULL,
    "cycleId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "errorCode" TEXT,
    "errorReason" TEXT,
    "recommendedAction" TEXT,
    "sourceId" TEXT NOT NULL,
    "sourceName" TEXT NOT NULL,
    "sourceType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "steps" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,
    "ingestedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_activityDateTime_idx" ON "ProvisioningLogEntry"("activityDateTime");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_status_activityDateTime_idx" ON "ProvisioningLogEntry"("status", "activityDateTime");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_action_activityDateTime_idx" ON "ProvisioningLogEntry"("action", "activityDateTime");
