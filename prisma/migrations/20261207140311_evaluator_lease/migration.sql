-- CreateTable
CREATE TABLE "EvaluatorLease" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "lastCycleAt" DATETIME,
    "lastCycleMs" REAL,
    "lastError" TEXT
);
