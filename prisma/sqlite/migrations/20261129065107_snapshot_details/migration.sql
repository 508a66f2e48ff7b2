-- AlterTable
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN "consecutiveFailures" INTEGER;
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN "lastCycleBeganAt" DATETIME;
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN "lastSuccessAt" DATETIME;
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN "quarantineReason" TEXT;
