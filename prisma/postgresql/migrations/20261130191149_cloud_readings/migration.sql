-- CreateTable
CREATE TABLE "CloudReading" (
    "key" TEXT NOT NULL,
    "value" TEXT,
    "readAt" TIMESTAMP(3),
    "attemptedAt" TIMESTAMP(3),
    "problem" TEXT,
    "requestedAt" TIMESTAMP(3),
    "watchedUntil" TIMESTAMP(3),
    "leaseHolder" TEXT,
    "leaseUntil" TIMESTAMP(3),

    CONSTRAINT "CloudReading_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "CloudBudget" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CloudBudget_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ProvisioningLogEntry" (
    "id" TEXT NOT NULL,
    "activityDateTime" TIMESTAMP(3) NOT NULL,
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
    "ingestedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProvisioningLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_activityDateTime_idx" ON "ProvisioningLogEntry"("activityDateTime");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_status_activityDateTime_idx" ON "ProvisioningLogEntry"("status", "activityDateTime");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_action_activityDateTime_idx" ON "ProvisioningLogEntry"("action", "activityDateTime");
