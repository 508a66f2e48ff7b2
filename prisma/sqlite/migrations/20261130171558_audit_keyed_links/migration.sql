-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "linkKeyId" TEXT;
