-- CreateTable
CREATE TABLE "AuditEventPending" (
    "id" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "targetLabel" TEXT,
    "outcome" TEXT NOT NULL,
    "details" TEXT NOT NULL,
    "requestId" TEXT,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "contentHash" TEXT NOT NULL,

    CONSTRAINT "AuditEventPending_pkey" PRIMARY KEY ("id")
);

-- At commit, each pending event is linked to the chain's head and moved into "AuditEvent", in the
-- order the transaction recorded them. The head's row lock orders concurrent commits.
CREATE FUNCTION "audit_event_link"() RETURNS trigger AS $$
BEGIN
  WITH head AS (
    UPDATE "AuditChainHead"
       SET "prevHash" = "hash", "hash" = encode(sha256(convert_to("hash" || NEW."contentHash", 'UTF8')), 'hex'), "events" = "events" + 1
     WHERE "id" = 1
    RETURNING "prevHash", "hash")
  INSERT INTO "AuditEvent" ("id", "occurredAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "targetLabel", "outcome", "details", "requestId", "ipAddress", "userAgent", "prevHash", "hash")
  SELECT NEW."id", NEW."occurredAt", NEW."actorType", NEW."actorId", NEW."actorLabel", NEW."action", NEW."targetType", NEW."targetId", NEW."targetLabel", NEW."outcome", NEW."details", NEW."requestId", NEW."ipAddress", NEW."userAgent", head."prevHash", head."hash"
    FROM head;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the audit chain has no head row';
  END IF;
  DELETE FROM "AuditEventPending" WHERE "id" = NEW."id";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER "audit_event_link" AFTER INSERT ON "AuditEventPending" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "audit_event_link"();
