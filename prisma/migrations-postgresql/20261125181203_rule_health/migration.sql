-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "lastEvalAt" TIMESTAMP(3);
