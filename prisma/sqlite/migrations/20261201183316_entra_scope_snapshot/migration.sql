-- CreateTable
CREATE TABLE "EntraScopeSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "servicePrincipalId" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL,
    "scanId" TEXT NOT NULL,
    "usersDeltaLink" TEXT NOT NULL,
    "groupsDeltaLink" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "EntraScopeUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attributes" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "EntraScopeGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "displayName" TEXT NOT NULL,
    "nestedGroups" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "EntraScopeMembership" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "nested" BOOLEAN NOT NULL,

    PRIMARY KEY ("groupId", "userId")
);
