-- AlterTable
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN     "lastCycleEntitled" INTEGER,
ADD COLUMN     "lastCycleExported" INTEGER,
ADD COLUMN     "lastCycleFailed" INTEGER,
ADD COLUMN     "lastCycleFailures" TEXT,
ADD COLUMN     "lastCycleId" TEXT;
