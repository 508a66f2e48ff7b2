-- CreateTable
CREATE TABLE "AwsOperation" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AwsOperation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AwsOperation_requestId_key" ON "AwsOperation"("requestId");

-- CreateIndex
CREATE INDEX "AwsOperation_status_idx" ON "AwsOperation"("status");

-- CreateIndex
CREATE INDEX "AwsOperation_permissionSetArn_createdAt_idx" ON "AwsOperation"("permissionSetArn", "createdAt");
