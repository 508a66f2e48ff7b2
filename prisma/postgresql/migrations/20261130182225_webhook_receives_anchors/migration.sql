-- AlterTable
ALTER TABLE "Webhook" ADD COLUMN     "receivesAnchors" BOOLEAN NOT NULL DEFAULT false;
