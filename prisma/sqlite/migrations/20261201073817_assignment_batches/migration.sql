-- CreateTable
CREATE TABLE "AssignmentBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
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
    "leaseUntil" DATETIME,
    "sentAt" DATETIME
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
    "sendingAt" DATETIME,

    PRIMARY KEY ("batchId", "position"),
    CONSTRAINT "AssignmentBatchAccount_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "AssignmentBatch" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AssignmentBatch_sentAt_idx" ON "AssignmentBatch"("sentAt");

-- CreateIndex
CREATE INDEX "AssignmentBatch_createdAt_idx" ON "AssignmentBatch"("createdAt");

-- CreateIndex
CREATE INDEX "AssignmentBatchAccount_batchId_status_idx" ON "AssignmentBatchAccount"("batchId", "status");
