-- CreateTable
CREATE TABLE "FederationConfig" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "instanceArn" TEXT,
    "identityStoreId" TEXT,
    "instanceOwnerAccountId" TEXT,
    "instanceRegion" TEXT,
    "instanceName" TEXT,
    "awsEntityId" TEXT,
    "awsAcsUrl" TEXT,
    "appServicePrincipalId" TEXT,
    "appObjectId" TEXT,
    "appId" TEXT,
    "appDisplayName" TEXT,
    "signingCertificateThumbprint" TEXT,
    "signingCertificateNotAfter" DATETIME,
    "federationMetadataXml" TEXT,
    "federationEntityId" TEXT,
    "federationSsoUrl" TEXT,
    "federationCertificateThumbprint" TEXT,
    "federationCertificateNotAfter" DATETIME,
    "identitySourceConfirmedAt" DATETIME,
    "identitySourceConfirmedById" TEXT,
    "identitySourceConfirmedByLabel" TEXT,
    "scimEndpoint" TEXT,
    "scimTokenFingerprint" TEXT,
    "scimTokenExpiresAt" DATETIME,
    "provisioningJobId" TEXT,
    "provisioningStartedAt" DATETIME
);

-- Existing installations keep what they configured: each part is filled from its setup step's
-- record when that step is done and the record has every fact the part needs (SetupStep.data is
-- the JSON described in lib/setup/step-data.ts).
INSERT INTO "FederationConfig" ("id") VALUES (1);

UPDATE "FederationConfig" SET
    "instanceArn" = s."instanceArn",
    "identityStoreId" = s."identityStoreId",
    "instanceOwnerAccountId" = s."instanceOwnerAccountId",
    "instanceRegion" = s."instanceRegion",
    "instanceName" = s."instanceName"
FROM (
    SELECT
        json_extract("data", '$.instanceArn') AS "instanceArn",
        json_extract("data", '$.identityStoreId') AS "identityStoreId",
        json_extract("data", '$.ownerAccountId') AS "instanceOwnerAccountId",
        json_extract("data", '$.region') AS "instanceRegion",
        json_extract("data", '$.name') AS "instanceName"
    FROM "SetupStep" WHERE "id" = 'identity-center-instance' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."instanceArn" IS NOT NULL AND s."identityStoreId" IS NOT NULL AND s."instanceOwnerAccountId" IS NOT NULL AND s."instanceRegion" IS NOT NULL;

UPDATE "FederationConfig" SET
    "awsEntityId" = s."awsEntityId",
    "awsAcsUrl" = s."awsAcsUrl"
FROM (
    SELECT
        json_extract("data", '$.entityId') AS "awsEntityId",
        json_extract("data", '$.acsUrl') AS "awsAcsUrl"
    FROM "SetupStep" WHERE "id" = 'aws-sp-metadata' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."awsEntityId" IS NOT NULL AND s."awsAcsUrl" IS NOT NULL;

UPDATE "FederationConfig" SET
    "appServicePrincipalId" = s."appServicePrincipalId",
    "appObjectId" = s."appObjectId",
    "appId" = s."appId",
    "appDisplayName" = s."appDisplayName"
FROM (
    SELECT
        json_extract("data", '$.servicePrincipalId') AS "appServicePrincipalId",
        json_extract("data", '$.applicationObjectId') AS "appObjectId",
        json_extract("data", '$.appId') AS "appId",
        json_extract("data", '$.displayName') AS "appDisplayName"
    FROM "SetupStep" WHERE "id" = 'enterprise-app' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."appServicePrincipalId" IS NOT NULL AND s."appObjectId" IS NOT NULL AND s."appId" IS NOT NULL AND s."appDisplayName" IS NOT NULL;

UPDATE "FederationConfig" SET
    "signingCertificateThumbprint" = s."signingCertificateThumbprint",
    "signingCertificateNotAfter" = s."signingCertificateNotAfter"
FROM (
    SELECT
        json_extract("data", '$.certificate.thumbprint') AS "signingCertificateThumbprint",
        strftime('%Y-%m-%dT%H:%M:%f+00:00', json_extract("data", '$.certificate.notAfter')) AS "signingCertificateNotAfter"
    FROM "SetupStep" WHERE "id" = 'saml-sso' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."signingCertificateThumbprint" IS NOT NULL AND s."signingCertificateNotAfter" IS NOT NULL;

UPDATE "FederationConfig" SET
    "federationMetadataXml" = s."federationMetadataXml",
    "federationEntityId" = s."federationEntityId",
    "federationSsoUrl" = s."federationSsoUrl",
    "federationCertificateThumbprint" = s."federationCertificateThumbprint",
    "federationCertificateNotAfter" = s."federationCertificateNotAfter"
FROM (
    SELECT
        json_extract("data", '$.xml') AS "federationMetadataXml",
        json_extract("data", '$.entityId') AS "federationEntityId",
        json_extract("data", '$.ssoUrl') AS "federationSsoUrl",
        json_extract("data", '$.certificate.thumbprint') AS "federationCertificateThumbprint",
        strftime('%Y-%m-%dT%H:%M:%f+00:00', json_extract("data", '$.certificate.notAfter')) AS "federationCertificateNotAfter"
    FROM "SetupStep" WHERE "id" = 'federation-metadata' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."federationMetadataXml" IS NOT NULL AND s."federationEntityId" IS NOT NULL AND s."federationSsoUrl" IS NOT NULL AND s."federationCertificateThumbprint" IS NOT NULL AND s."federationCertificateNotAfter" IS NOT NULL;

UPDATE "FederationConfig" SET
    "identitySourceConfirmedAt" = s."identitySourceConfirmedAt",
    "identitySourceConfirmedById" = s."identitySourceConfirmedById",
    "identitySourceConfirmedByLabel" = s."identitySourceConfirmedByLabel"
FROM (
    SELECT
        strftime('%Y-%m-%dT%H:%M:%f+00:00', json_extract("data", '$.confirmedAt')) AS "identitySourceConfirmedAt",
        json_extract("data", '$.confirmedById') AS "identitySourceConfirmedById",
        json_extract("data", '$.confirmedByLabel') AS "identitySourceConfirmedByLabel"
    FROM "SetupStep" WHERE "id" = 'identity-source' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."identitySourceConfirmedAt" IS NOT NULL AND s."identitySourceConfirmedById" IS NOT NULL AND s."identitySourceConfirmedByLabel" IS NOT NULL;

UPDATE "FederationConfig" SET
    "scimEndpoint" = s."scimEndpoint",
    "scimTokenFingerprint" = s."scimTokenFingerprint",
    "scimTokenExpiresAt" = s."scimTokenExpiresAt"
FROM (
    SELECT
        json_extract("data", '$.endpoint') AS "scimEndpoint",
        json_extract("data", '$.tokenFingerprint') AS "scimTokenFingerprint",
        strftime('%Y-%m-%dT%H:%M:%f+00:00', json_extract("data", '$.tokenExpiresAt')) AS "scimTokenExpiresAt"
    FROM "SetupStep" WHERE "id" = 'scim-credentials' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."scimEndpoint" IS NOT NULL AND s."scimTokenFingerprint" IS NOT NULL AND s."scimTokenExpiresAt" IS NOT NULL;

UPDATE "FederationConfig" SET
    "provisioningJobId" = s."provisioningJobId"
FROM (
    SELECT
        json_extract("data", '$.jobId') AS "provisioningJobId"
    FROM "SetupStep" WHERE "id" = 'provisioning-job' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."provisioningJobId" IS NOT NULL;

UPDATE "FederationConfig" SET
    "provisioningStartedAt" = s."provisioningStartedAt"
FROM (
    SELECT
        strftime('%Y-%m-%dT%H:%M:%f+00:00', json_extract("data", '$.startedAt')) AS "provisioningStartedAt"
    FROM "SetupStep" WHERE "id" = 'start-provisioning' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."provisioningStartedAt" IS NOT NULL;
