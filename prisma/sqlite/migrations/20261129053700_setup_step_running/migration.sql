-- AlterTable
ALTER TABLE "SetupStep" ADD COLUMN "runningByLabel" TEXT;
ALTER TABLE "SetupStep" ADD COLUMN "runningSince" DATETIME;
