-- CreateTable
CREATE TABLE "Mirror" (
    "id" TEXT NOT NULL,
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
    "lastSyncAt" TIMESTAMP(3),
    "lastSyncOutcome" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByLabel" TEXT NOT NULL,

    CONSTRAINT "Mirror_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MirrorException" (
    "mirrorId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MirrorException_pkey" PRIMARY KEY ("mirrorId","userId")
);

-- CreateTable
CREATE TABLE "NestingGroup" (
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "users" TEXT NOT NULL,
    "groups" TEXT NOT NULL,

    CONSTRAINT "NestingGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MirrorSync" (
    "id" TEXT NOT NULL,
    "deltaLink" TEXT,
    "lastFullAt" TIMESTAMP(3),

    CONSTRAINT "MirrorSync_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MirrorRun" (
    "id" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "runningSlot" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "requestedByLabel" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "progress" TEXT NOT NULL,
    "problem" TEXT,

    CONSTRAINT "MirrorRun_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "MirrorException" ADD CONSTRAINT "MirrorException_mirrorId_fkey" FOREIGN KEY ("mirrorId") REFERENCES "Mirror"("id") ON DELETE CASCADE ON UPDATE CASCADE;
