-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN "builtinKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "AlertRule_builtinKey_key" ON "AlertRule"("builtinKey");
