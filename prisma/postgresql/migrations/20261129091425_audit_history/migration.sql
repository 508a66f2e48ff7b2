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

-- Audit events are written once. Changing or deleting one is refused here, below the application;
-- only the retention job, which archives old events with a signed checkpoint, may delete, and only
-- inside a transaction that sets sso_bridge.audit_retention.
CREATE FUNCTION "audit_event_immutable"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('sso_bridge.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are immutable: % refused on "AuditEvent"', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "audit_event_immutable" BEFORE UPDATE OR DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "audit_event_immutable"();
CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_immutable"();
