-- CreateTable
CREATE TABLE "DirectorySnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "identityStoreId" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL,
    "scanId" TEXT NOT NULL,
    "users" INTEGER NOT NULL,
    "groups" INTEGER NOT NULL,
    "memberships" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "DirectoryUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userName" TEXT NOT NULL,
    "displayName" TEXT,
    "email" TEXT,
    "active" BOOLEAN NOT NULL,
    "searchText" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "DirectoryGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "displayName" TEXT NOT NULL,
    "searchText" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "DirectoryMembership" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("groupId", "userId")
);

-- CreateIndex
CREATE INDEX "DirectoryMembership_userId_idx" ON "DirectoryMembership"("userId");
