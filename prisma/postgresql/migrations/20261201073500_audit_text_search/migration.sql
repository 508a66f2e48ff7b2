-- Text search over the whole audit history: a trigram index of each event's details serves
-- ILIKE '%word%' (any part of a word, case ignored), so a word no event has costs one index lookup
-- instead of a walk through the events. pg_trgm ships with PostgreSQL and is a trusted extension:
-- the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "AuditEvent_details_trgm_idx" ON "AuditEvent" USING gin ("details" gin_trgm_ops);
