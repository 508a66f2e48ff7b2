-- AlterTable
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN     "consecutiveFailures" INTEGER,
ADD COLUMN     "lastCycleBeganAt" TIMESTAMP(3),
ADD COLUMN     "lastSuccessAt" TIMESTAMP(3),
ADD COLUMN     "quarantineReason" TEXT;
