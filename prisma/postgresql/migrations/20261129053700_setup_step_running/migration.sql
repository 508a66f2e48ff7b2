-- AlterTable
ALTER TABLE "SetupStep" ADD COLUMN     "runningByLabel" TEXT,
ADD COLUMN     "runningSince" TIMESTAMP(3);
