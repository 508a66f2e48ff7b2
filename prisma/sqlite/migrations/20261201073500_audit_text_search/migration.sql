-- Text search over the whole audit history: a trigram full-text index of each event's details
-- (any part of a word, case ignored), kept by triggers, so a word no event has costs one index
-- lookup instead of a walk through the events. The name starts with "_": it is not a Prisma model.
CREATE VIRTUAL TABLE "_audit_text" USING fts5("details", content='AuditEvent', content_rowid='seq', tokenize='trigram');

CREATE TRIGGER "AuditEvent_text_insert" AFTER INSERT ON "AuditEvent" BEGIN
  INSERT INTO "_audit_text" (rowid, "details") VALUES (new."seq", new."details");
END;

CREATE TRIGGER "AuditEvent_text_delete" AFTER DELETE ON "AuditEvent" BEGIN
  INSERT INTO "_audit_text" ("_audit_text", rowid, "details") VALUES ('delete', old."seq", old."details");
END;

-- Events are never edited by SSO Bridge, but an edit made outside it must not leave the index
-- describing text the table no longer holds (the chain check reports the edit itself).
CREATE TRIGGER "AuditEvent_text_update" AFTER UPDATE OF "details" ON "AuditEvent" BEGIN
  INSERT INTO "_audit_text" ("_audit_text", rowid, "details") VALUES ('delete', old."seq", old."details");
  INSERT INTO "_audit_text" (rowid, "details") VALUES (new."seq", new."details");
END;

INSERT INTO "_audit_text" ("_audit_text") VALUES ('rebuild');
