-- CreateTable
CREATE TABLE "DirectorySnapshot" (
    "id" TEXT NOT NULL,
    "identityStoreId" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "scanId" TEXT NOT NULL,
    "users" INTEGER NOT NULL,
    "groups" INTEGER NOT NULL,
    "memberships" INTEGER NOT NULL,

    CONSTRAINT "DirectorySnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryUser" (
    "id" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "displayName" TEXT,
    "email" TEXT,
    "active" BOOLEAN NOT NULL,
    "searchText" TEXT NOT NULL,

    CONSTRAINT "DirectoryUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryGroup" (
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,

    CONSTRAINT "DirectoryGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryMembership" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "DirectoryMembership_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateIndex
CREATE INDEX "DirectoryMembership_userId_idx" ON "DirectoryMembership"("userId");
