-- AlterTable
ALTER TABLE "DriftFinding" ADD COLUMN "resolution" TEXT;
ALTER TABLE "DriftFinding" ADD COLUMN "resolvedAt" DATETIME;
ALTER TABLE "DriftFinding" ADD COLUMN "resolvedByLabel" TEXT;

-- CreateTable
CREATE TABLE "DriftKept" (
    "objectKey" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "keptByLabel" TEXT NOT NULL,
    "keptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
