-- CreateTable
CREATE TABLE "Connection" (
    "kind" TEXT NOT NULL,
    "settings" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,
    "lastTest" TEXT,
    "lastTestedAt" TIMESTAMP(3),

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("kind")
);

-- CreateTable
CREATE TABLE "SetupStep" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "data" TEXT NOT NULL DEFAULT '{}',
    "problem" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,
    "updatedByLabel" TEXT,

    CONSTRAINT "SetupStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FederationCheck" (
    "id" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "findings" TEXT NOT NULL,
    "checkedById" TEXT,

    CONSTRAINT "FederationCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FederationCheck_checkedAt_idx" ON "FederationCheck"("checkedAt");
