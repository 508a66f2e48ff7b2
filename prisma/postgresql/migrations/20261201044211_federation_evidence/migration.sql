-- CreateTable
CREATE TABLE "FederationEvidence" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "observedAt" TIMESTAMP(3) NOT NULL,
    "certificateThumbprint" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "recordedById" TEXT,

    CONSTRAINT "FederationEvidence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FederationEvidence_observedAt_idx" ON "FederationEvidence"("observedAt");
