-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN "lastError" TEXT;
ALTER TABLE "AlertRule" ADD COLUMN "lastEvalAt" DATETIME;
