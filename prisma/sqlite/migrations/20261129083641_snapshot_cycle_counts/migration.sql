-- AlterTable
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN "lastCycleEntitled" INTEGER;
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN "lastCycleExported" INTEGER;
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN "lastCycleFailed" INTEGER;
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN "lastCycleFailures" TEXT;
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN "lastCycleId" TEXT;
