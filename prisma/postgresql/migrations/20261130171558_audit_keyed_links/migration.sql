-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "linkKeyId" TEXT;

-- Each link is HMAC-SHA256, under a key derived from SSO_BRIDGE_ENCRYPTION_KEY, of the previous hash
-- and the event's content hash (as text). The key never reaches the database: SSO Bridge passes the
-- derived key's two HMAC pads ("<key id>:<ipad hex>:<opad hex>", each pad the 64-byte key XOR 0x36 or
-- 0x5c) with the statement or, for a change's transaction, as a setting local to that transaction, and
-- PostgreSQL computes sha256(opad || sha256(ipad || message)) with its built-in sha256().
-- SECURITY DEFINER: the runtime role of a hardened deployment cannot write "AuditEvent" or the head
-- itself; it appends only through here, and cannot choose where in the chain an event goes.
CREATE FUNCTION "sso_bridge_audit_link"(
  p_id TEXT, p_occurred_at TIMESTAMP(3), p_actor_type TEXT, p_actor_id TEXT, p_actor_label TEXT, p_action TEXT, p_target_type TEXT, p_target_id TEXT,
  p_target_label TEXT, p_outcome TEXT, p_details TEXT, p_request_id TEXT, p_ip_address TEXT, p_user_agent TEXT, p_content_hash TEXT, p_link_key TEXT)
RETURNS TABLE ("out_seq" INTEGER, "out_prev_hash" TEXT, "out_hash" TEXT)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  key_id TEXT := split_part(COALESCE(p_link_key, ''), ':', 1);
  ipad BYTEA := decode(split_part(COALESCE(p_link_key, ''), ':', 2), 'hex');
  opad BYTEA := decode(split_part(COALESCE(p_link_key, ''), ':', 3), 'hex');
BEGIN
  IF key_id = '' OR length(ipad) <> 64 OR length(opad) <> 64 THEN
    RAISE EXCEPTION 'an audit event can only be linked with SSO Bridge''s link key' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN QUERY
  WITH head AS (
    UPDATE "AuditChainHead" h
       SET "prevHash" = h."hash", "hash" = encode(sha256(opad || sha256(ipad || convert_to(h."hash" || p_content_hash, 'UTF8'))), 'hex'), "events" = h."events" + 1
     WHERE h."id" = 1
    RETURNING h."prevHash", h."hash")
  INSERT INTO "AuditEvent" AS e ("id", "occurredAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "targetLabel", "outcome", "details", "requestId", "ipAddress", "userAgent", "prevHash", "hash", "linkKeyId")
  SELECT p_id, p_occurred_at, p_actor_type, p_actor_id, p_actor_label, p_action, p_target_type, p_target_id, p_target_label, p_outcome, p_details, p_request_id, p_ip_address, p_user_agent,
         head."prevHash", head."hash", key_id
    FROM head
  RETURNING e."seq", e."prevHash", e."hash";
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the audit chain has no head row';
  END IF;
END;
$$;

-- At commit, each pending event is linked to the chain's head and moved into "AuditEvent", in the
-- order the transaction recorded them, with the link key the transaction set. The head's row lock
-- orders concurrent commits.
CREATE OR REPLACE FUNCTION "audit_event_link"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM "sso_bridge_audit_link"(NEW."id", NEW."occurredAt", NEW."actorType", NEW."actorId", NEW."actorLabel", NEW."action", NEW."targetType", NEW."targetId",
    NEW."targetLabel", NEW."outcome", NEW."details", NEW."requestId", NEW."ipAddress", NEW."userAgent", NEW."contentHash", current_setting('sso_bridge.audit_link_key', true));
  DELETE FROM "AuditEventPending" WHERE "id" = NEW."id";
  RETURN NULL;
END;
$$;

-- Audit events are written once. No setting a session can make switches this off: only events that a
-- retention checkpoint written in the same transaction covers may be removed, so removing any leaves
-- behind a checkpoint that verification checks against a signature only SSO Bridge's key can make.
CREATE OR REPLACE FUNCTION "audit_event_immutable"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
    SELECT 1 FROM "AuditCheckpoint" c WHERE c."throughSeq" >= OLD."seq" AND c.xmin = pg_current_xact_id()::xid) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are immutable: % refused on "AuditEvent"', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

-- Retention: the signed checkpoint and the removal of the events it covers, in one step, for a
-- runtime role that may neither write checkpoints nor delete events itself.
CREATE FUNCTION "sso_bridge_audit_archive"(
  p_id TEXT, p_created_at TIMESTAMP(3), p_through_seq INTEGER, p_through_hash TEXT, p_events INTEGER, p_archive_file TEXT, p_archive_sha256 TEXT, p_key_id TEXT, p_signature TEXT)
RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  removed INTEGER;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "AuditEvent" WHERE "seq" = p_through_seq AND "hash" = p_through_hash) THEN
    RAISE EXCEPTION 'a retention checkpoint must end at an event of the chain' USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO "AuditCheckpoint" ("id", "createdAt", "throughSeq", "throughHash", "events", "archiveFile", "archiveSha256", "keyId", "signature")
  VALUES (p_id, p_created_at, p_through_seq, p_through_hash, p_events, p_archive_file, p_archive_sha256, p_key_id, p_signature);
  DELETE FROM "AuditEvent" WHERE "seq" <= p_through_seq;
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END;
$$;

-- Key rotation re-signs checkpoints under the new key; nothing else about a checkpoint changes.
CREATE FUNCTION "sso_bridge_audit_checkpoint_resign"(p_id TEXT, p_key_id TEXT, p_signature TEXT) RETURNS VOID
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  UPDATE "AuditCheckpoint" SET "keyId" = p_key_id, "signature" = p_signature WHERE "id" = p_id;
$$;

-- The hardened deployment (README "Audit log"): migrations run as the owner of every table and
-- function, SSO Bridge serves as a runtime role with only what it needs. Run by SSO Bridge after the
-- migrations, as the owner, with DATABASE_URL's role; it refuses a role that could rewrite the history
-- anyway. Every table gets the ordinary privileges, so tables added later need no change here; the
-- audit tables are then narrowed to reading, plus recording events through "AuditEventPending" and
-- the functions above.
CREATE FUNCTION "sso_bridge_grant_runtime"(p_role TEXT) RETURNS VOID
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  r RECORD;
BEGIN
  SELECT rolsuper, rolbypassrls INTO r FROM pg_roles WHERE rolname = p_role;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no role %', p_role;
  END IF;
  IF r.rolsuper THEN
    RAISE EXCEPTION 'role % is a superuser, so it could change the audit history itself', p_role;
  END IF;
  IF pg_has_role(p_role, current_user, 'MEMBER') THEN
    RAISE EXCEPTION 'role % is the migration role % or acts as it, so it could change the audit history itself', p_role, current_user;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = p_role)) THEN
    RAISE EXCEPTION 'role % owns tables of this database, so it could change the audit history itself: make % their owner (REASSIGN OWNED BY % TO %)', p_role, current_user, p_role, current_user;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', p_role);
  EXECUTE format('REVOKE CREATE ON SCHEMA public FROM %I', p_role);
  EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', p_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', p_role);
  EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON "AuditEvent", "AuditChainHead", "AuditCheckpoint", "_sso_bridge_migrations" FROM %I', p_role);
  EXECUTE format('REVOKE UPDATE, DELETE ON "AuditEventPending" FROM %I', p_role);
  EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', p_role);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', p_role);
  EXECUTE format('REVOKE USAGE ON SEQUENCE "AuditEvent_seq_seq" FROM %I', p_role);
  EXECUTE format('GRANT EXECUTE ON FUNCTION "sso_bridge_audit_link"(TEXT, TIMESTAMP(3), TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT) TO %I', p_role);
  EXECUTE format('GRANT EXECUTE ON FUNCTION "sso_bridge_audit_archive"(TEXT, TIMESTAMP(3), INTEGER, TEXT, INTEGER, TEXT, TEXT, TEXT, TEXT) TO %I', p_role);
  EXECUTE format('GRANT EXECUTE ON FUNCTION "sso_bridge_audit_checkpoint_resign"(TEXT, TEXT, TEXT) TO %I', p_role);
END;
$$;

-- Functions are executable by everyone unless revoked; these only by their owner and, once granted, the runtime role.
REVOKE EXECUTE ON FUNCTION "sso_bridge_audit_link"(TEXT, TIMESTAMP(3), TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION "sso_bridge_audit_archive"(TEXT, TIMESTAMP(3), INTEGER, TEXT, INTEGER, TEXT, TEXT, TEXT, TEXT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION "sso_bridge_audit_checkpoint_resign"(TEXT, TEXT, TEXT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION "sso_bridge_grant_runtime"(TEXT) FROM PUBLIC;
