-- CreateTable
CREATE TABLE "FederationEvidence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "observedAt" DATETIME NOT NULL,
    "certificateThumbprint" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "recordedById" TEXT
);

-- CreateIndex
CREATE INDEX "FederationEvidence_observedAt_idx" ON "FederationEvidence"("observedAt");
