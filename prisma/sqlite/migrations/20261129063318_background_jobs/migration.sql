-- CreateTable
CREATE TABLE "JobRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "task" TEXT NOT NULL,
    "periodStart" DATETIME NOT NULL,
    "instanceId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "outcome" TEXT
);

-- CreateTable
CREATE TABLE "ProvisioningSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "takenAt" DATETIME NOT NULL,
    "state" TEXT NOT NULL,
    "jobCode" TEXT,
    "lastCycleState" TEXT,
    "lastCycleEndedAt" DATETIME,
    "users" INTEGER,
    "groups" INTEGER,
    "problem" TEXT,
    "readError" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_task_periodStart_key" ON "JobRun"("task", "periodStart");

-- CreateIndex
CREATE INDEX "ProvisioningSnapshot_takenAt_idx" ON "ProvisioningSnapshot"("takenAt");
