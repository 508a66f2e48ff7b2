-- CreateIndex
CREATE INDEX "AuditEvent_actorLabel_outcome_seq_idx" ON "AuditEvent"("actorLabel", "outcome", "seq");
