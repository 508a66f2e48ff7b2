-- AlterTable
ALTER TABLE "Mirror" ADD COLUMN "swap" TEXT;
