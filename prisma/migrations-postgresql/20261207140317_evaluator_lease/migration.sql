-- CreateTable
CREATE TABLE "EvaluatorLease" (
    "id" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastCycleAt" TIMESTAMP(3),
    "lastCycleMs" DOUBLE PRECISION,
    "lastError" TEXT,

    CONSTRAINT "EvaluatorLease_pkey" PRIMARY KEY ("id")
);
