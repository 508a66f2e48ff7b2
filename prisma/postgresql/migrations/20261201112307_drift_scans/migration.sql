-- CreateTable
CREATE TABLE "DriftScan" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "runningSlot" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "requestedByLabel" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "progress" TEXT NOT NULL,
    "problem" TEXT,
    "counts" TEXT,

    CONSTRAINT "DriftScan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DriftFinding" (
    "scanId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "groupName" TEXT,
    "entraId" TEXT,
    "awsId" TEXT,
    "cause" TEXT,
    "details" TEXT NOT NULL,

    CONSTRAINT "DriftFinding_pkey" PRIMARY KEY ("scanId","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "DriftScan_runningSlot_key" ON "DriftScan"("runningSlot");

-- CreateIndex
CREATE INDEX "DriftScan_startedAt_idx" ON "DriftScan"("startedAt");

-- CreateIndex
CREATE INDEX "DriftFinding_scanId_kind_seq_idx" ON "DriftFinding"("scanId", "kind", "seq");

-- AddForeignKey
ALTER TABLE "DriftFinding" ADD CONSTRAINT "DriftFinding_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "DriftScan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
