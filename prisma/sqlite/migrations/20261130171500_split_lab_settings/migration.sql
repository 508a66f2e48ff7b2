-- The one "Allow lab SCIM endpoints" setting, which also let webhooks reach private networks, became two:
-- one for SCIM endpoints and one for webhooks. An installation that had it on keeps both on.
INSERT INTO "Setting" ("key", "value", "updatedAt", "updatedById")
SELECT 'allowLabWebhooks', "value", "updatedAt", "updatedById" FROM "Setting" WHERE "key" = 'allowLabEndpoints';

UPDATE "Setting" SET "key" = 'allowLabScimEndpoints' WHERE "key" = 'allowLabEndpoints';
