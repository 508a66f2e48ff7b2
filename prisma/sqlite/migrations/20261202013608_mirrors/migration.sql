-- CreateTable
CREATE TABLE "Mirror" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sourceGroupId" TEXT NOT NULL,
    "sourceName" TEXT NOT NULL,
    "mailNickname" TEXT NOT NULL,
    "mirrorName" TEXT NOT NULL,
    "mirrorGroupId" TEXT,
    "state" TEXT NOT NULL,
    "handEdits" TEXT NOT NULL DEFAULT 'correct',
    "removalGuardPercent" INTEGER NOT NULL DEFAULT 10,
    "heldRemovals" TEXT,
    "removalsConfirmed" BOOLEAN NOT NULL DEFAULT false,
    "lastFindings" TEXT,
    "memberCount" INTEGER NOT NULL DEFAULT 0,
    "members" TEXT NOT NULL DEFAULT '[]',
    "unsettled" TEXT,
    "lastSyncAt" DATETIME,
    "lastSyncOutcome" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByLabel" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "MirrorException" (
    "mirrorId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("mirrorId", "userId"),
    CONSTRAINT "MirrorException_mirrorId_fkey" FOREIGN KEY ("mirrorId") REFERENCES "Mirror" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NestingGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "displayName" TEXT NOT NULL,
    "users" TEXT NOT NULL,
    "groups" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "MirrorSync" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deltaLink" TEXT,
    "lastFullAt" DATETIME
);

-- CreateTable
CREATE TABLE "MirrorRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "runningSlot" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "requestedByLabel" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "progress" TEXT NOT NULL,
    "problem" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Mirror_sourceGroupId_key" ON "Mirror"("sourceGroupId");

-- CreateIndex
CREATE UNIQUE INDEX "Mirror_mailNickname_key" ON "Mirror"("mailNickname");

-- CreateIndex
CREATE UNIQUE INDEX "Mirror_mirrorGroupId_key" ON "Mirror"("mirrorGroupId");

-- CreateIndex
CREATE UNIQUE INDEX "MirrorRun_runningSlot_key" ON "MirrorRun"("runningSlot");

-- CreateIndex
CREATE INDEX "MirrorRun_startedAt_idx" ON "MirrorRun"("startedAt");
