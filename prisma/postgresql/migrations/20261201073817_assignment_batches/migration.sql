-- CreateTable
CREATE TABLE "AssignmentBatch" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "principalType" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "principalName" TEXT NOT NULL,
    "permissionSetArn" TEXT NOT NULL,
    "permissionSetName" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorLabel" TEXT NOT NULL,
    "requestId" TEXT,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "AssignmentBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssignmentBatchAccount" (
    "batchId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "accountId" TEXT NOT NULL,
    "accountName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requestId" TEXT,
    "reason" TEXT,
    "sendingAt" TIMESTAMP(3),

    CONSTRAINT "AssignmentBatchAccount_pkey" PRIMARY KEY ("batchId","position")
);

-- CreateIndex
CREATE INDEX "AssignmentBatch_sentAt_idx" ON "AssignmentBatch"("sentAt");

-- CreateIndex
CREATE INDEX "AssignmentBatch_createdAt_idx" ON "AssignmentBatch"("createdAt");

-- CreateIndex
CREATE INDEX "AssignmentBatchAccount_batchId_status_idx" ON "AssignmentBatchAccount"("batchId", "status");

-- AddForeignKey
ALTER TABLE "AssignmentBatchAccount" ADD CONSTRAINT "AssignmentBatchAccount_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "AssignmentBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;
