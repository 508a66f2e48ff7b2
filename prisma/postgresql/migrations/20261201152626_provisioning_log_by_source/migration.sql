-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_sourceId_activityDateTime_idx" ON "ProvisioningLogEntry"("sourceId", "activityDateTime");
