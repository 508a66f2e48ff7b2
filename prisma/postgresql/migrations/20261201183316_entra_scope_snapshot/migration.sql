-- CreateTable
CREATE TABLE "EntraScopeSnapshot" (
    "id" TEXT NOT NULL,
    "servicePrincipalId" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "scanId" TEXT NOT NULL,
    "usersDeltaLink" TEXT NOT NULL,
    "groupsDeltaLink" TEXT NOT NULL,

    CONSTRAINT "EntraScopeSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EntraScopeUser" (
    "id" TEXT NOT NULL,
    "attributes" TEXT NOT NULL,

    CONSTRAINT "EntraScopeUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EntraScopeGroup" (
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "nestedGroups" TEXT NOT NULL,

    CONSTRAINT "EntraScopeGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EntraScopeMembership" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "nested" BOOLEAN NOT NULL,

    CONSTRAINT "EntraScopeMembership_pkey" PRIMARY KEY ("groupId","userId")
);
