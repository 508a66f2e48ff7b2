-- AlterTable (SQLite adds a NOT NULL column with a constant default in place: no need to copy the table)
ALTER TABLE "Webhook" ADD COLUMN "receivesAnchors" BOOLEAN NOT NULL DEFAULT false;
