-- DropIndex
DROP INDEX "AuditEvent_action_idx";

-- DropIndex
DROP INDEX "AuditEvent_targetType_targetId_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_action_seq_idx" ON "AuditEvent"("action", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_actorLabel_seq_idx" ON "AuditEvent"("actorLabel", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_seq_idx" ON "AuditEvent"("targetType", "targetId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_outcome_seq_idx" ON "AuditEvent"("outcome", "seq");
