-- CreateTable
CREATE TABLE "Connection" (
    "kind" TEXT NOT NULL PRIMARY KEY,
    "settings" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedById" TEXT,
    "lastTest" TEXT,
    "lastTestedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SetupStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "data" TEXT NOT NULL DEFAULT '{}',
    "problem" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "updatedById" TEXT,
    "updatedByLabel" TEXT
);

-- CreateTable
CREATE TABLE "FederationCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "checkedAt" DATETIME NOT NULL,
    "findings" TEXT NOT NULL,
    "checkedById" TEXT
);

-- CreateIndex
CREATE INDEX "FederationCheck_checkedAt_idx" ON "FederationCheck"("checkedAt");
