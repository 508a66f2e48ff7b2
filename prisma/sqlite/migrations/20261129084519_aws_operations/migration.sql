-- CreateTable
CREATE TABLE "AwsOperation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "permissionSetArn" TEXT NOT NULL,
    "permissionSetName" TEXT NOT NULL,
    "accountId" TEXT,
    "principalType" TEXT,
    "principalId" TEXT,
    "principalName" TEXT,
    "status" TEXT NOT NULL,
    "failureReason" TEXT,
    "requestedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "AwsOperation_requestId_key" ON "AwsOperation"("requestId");

-- CreateIndex
CREATE INDEX "AwsOperation_status_idx" ON "AwsOperation"("status");

-- CreateIndex
CREATE INDEX "AwsOperation_permissionSetArn_createdAt_idx" ON "AwsOperation"("permissionSetArn", "createdAt");
