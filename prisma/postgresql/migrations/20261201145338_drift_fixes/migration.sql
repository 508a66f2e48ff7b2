-- AlterTable
ALTER TABLE "DriftFinding" ADD COLUMN     "resolution" TEXT,
ADD COLUMN     "resolvedAt" TIMESTAMP(3),
ADD COLUMN     "resolvedByLabel" TEXT;

-- CreateTable
CREATE TABLE "DriftKept" (
    "objectKey" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "keptByLabel" TEXT NOT NULL,
    "keptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DriftKept_pkey" PRIMARY KEY ("objectKey")
);
