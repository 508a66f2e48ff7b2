-- CreateTable
CREATE TABLE "JobRun" (
    "id" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "instanceId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProvisioningSnapshot" (
    "id" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "state" TEXT NOT NULL,
    "jobCode" TEXT,
    "lastCycleState" TEXT,
    "lastCycleEndedAt" TIMESTAMP(3),
    "users" INTEGER,
    "groups" INTEGER,
    "problem" TEXT,
    "readError" TEXT,

    CONSTRAINT "ProvisioningSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_task_periodStart_key" ON "JobRun"("task", "periodStart");

-- CreateIndex
CREATE INDEX "ProvisioningSnapshot_takenAt_idx" ON "ProvisioningSnapshot"("takenAt");
