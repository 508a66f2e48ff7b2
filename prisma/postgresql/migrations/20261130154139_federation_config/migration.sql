-- CreateTable
CREATE TABLE "FederationConfig" (
    "id" INTEGER NOT NULL,
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
    "signingCertificateNotAfter" TIMESTAMP(3),
    "federationMetadataXml" TEXT,
    "federationEntityId" TEXT,
    "federationSsoUrl" TEXT,
    "federationCertificateThumbprint" TEXT,
    "federationCertificateNotAfter" TIMESTAMP(3),
    "identitySourceConfirmedAt" TIMESTAMP(3),
    "identitySourceConfirmedById" TEXT,
    "identitySourceConfirmedByLabel" TEXT,
    "scimEndpoint" TEXT,
    "scimTokenFingerprint" TEXT,
    "scimTokenExpiresAt" TIMESTAMP(3),
    "provisioningJobId" TEXT,
    "provisioningStartedAt" TIMESTAMP(3),

    CONSTRAINT "FederationConfig_pkey" PRIMARY KEY ("id")
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
        ("data"::jsonb)->>'instanceArn' AS "instanceArn",
        ("data"::jsonb)->>'identityStoreId' AS "identityStoreId",
        ("data"::jsonb)->>'ownerAccountId' AS "instanceOwnerAccountId",
        ("data"::jsonb)->>'region' AS "instanceRegion",
        ("data"::jsonb)->>'name' AS "instanceName"
    FROM "SetupStep" WHERE "id" = 'identity-center-instance' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."instanceArn" IS NOT NULL AND s."identityStoreId" IS NOT NULL AND s."instanceOwnerAccountId" IS NOT NULL AND s."instanceRegion" IS NOT NULL;

UPDATE "FederationConfig" SET
    "awsEntityId" = s."awsEntityId",
    "awsAcsUrl" = s."awsAcsUrl"
FROM (
    SELECT
        ("data"::jsonb)->>'entityId' AS "awsEntityId",
        ("data"::jsonb)->>'acsUrl' AS "awsAcsUrl"
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
        ("data"::jsonb)->>'servicePrincipalId' AS "appServicePrincipalId",
        ("data"::jsonb)->>'applicationObjectId' AS "appObjectId",
        ("data"::jsonb)->>'appId' AS "appId",
        ("data"::jsonb)->>'displayName' AS "appDisplayName"
    FROM "SetupStep" WHERE "id" = 'enterprise-app' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."appServicePrincipalId" IS NOT NULL AND s."appObjectId" IS NOT NULL AND s."appId" IS NOT NULL AND s."appDisplayName" IS NOT NULL;

UPDATE "FederationConfig" SET
    "signingCertificateThumbprint" = s."signingCertificateThumbprint",
    "signingCertificateNotAfter" = s."signingCertificateNotAfter"
FROM (
    SELECT
        ("data"::jsonb)#>>'{certificate,thumbprint}' AS "signingCertificateThumbprint",
        ((("data"::jsonb)#>>'{certificate,notAfter}')::timestamptz AT TIME ZONE 'UTC') AS "signingCertificateNotAfter"
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
        ("data"::jsonb)->>'xml' AS "federationMetadataXml",
        ("data"::jsonb)->>'entityId' AS "federationEntityId",
        ("data"::jsonb)->>'ssoUrl' AS "federationSsoUrl",
        ("data"::jsonb)#>>'{certificate,thumbprint}' AS "federationCertificateThumbprint",
        ((("data"::jsonb)#>>'{certificate,notAfter}')::timestamptz AT TIME ZONE 'UTC') AS "federationCertificateNotAfter"
    FROM "SetupStep" WHERE "id" = 'federation-metadata' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."federationMetadataXml" IS NOT NULL AND s."federationEntityId" IS NOT NULL AND s."federationSsoUrl" IS NOT NULL AND s."federationCertificateThumbprint" IS NOT NULL AND s."federationCertificateNotAfter" IS NOT NULL;

UPDATE "FederationConfig" SET
    "identitySourceConfirmedAt" = s."identitySourceConfirmedAt",
    "identitySourceConfirmedById" = s."identitySourceConfirmedById",
    "identitySourceConfirmedByLabel" = s."identitySourceConfirmedByLabel"
FROM (
    SELECT
        ((("data"::jsonb)->>'confirmedAt')::timestamptz AT TIME ZONE 'UTC') AS "identitySourceConfirmedAt",
        ("data"::jsonb)->>'confirmedById' AS "identitySourceConfirmedById",
        ("data"::jsonb)->>'confirmedByLabel' AS "identitySourceConfirmedByLabel"
    FROM "SetupStep" WHERE "id" = 'identity-source' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."identitySourceConfirmedAt" IS NOT NULL AND s."identitySourceConfirmedById" IS NOT NULL AND s."identitySourceConfirmedByLabel" IS NOT NULL;

UPDATE "FederationConfig" SET
    "scimEndpoint" = s."scimEndpoint",
    "scimTokenFingerprint" = s."scimTokenFingerprint",
    "scimTokenExpiresAt" = s."scimTokenExpiresAt"
FROM (
    SELECT
        ("data"::jsonb)->>'endpoint' AS "scimEndpoint",
        ("data"::jsonb)->>'tokenFingerprint' AS "scimTokenFingerprint",
        ((("data"::jsonb)->>'tokenExpiresAt')::timestamptz AT TIME ZONE 'UTC') AS "scimTokenExpiresAt"
    FROM "SetupStep" WHERE "id" = 'scim-credentials' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."scimEndpoint" IS NOT NULL AND s."scimTokenFingerprint" IS NOT NULL AND s."scimTokenExpiresAt" IS NOT NULL;

UPDATE "FederationConfig" SET
    "provisioningJobId" = s."provisioningJobId"
FROM (
    SELECT
        ("data"::jsonb)->>'jobId' AS "provisioningJobId"
    FROM "SetupStep" WHERE "id" = 'provisioning-job' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."provisioningJobId" IS NOT NULL;

UPDATE "FederationConfig" SET
    "provisioningStartedAt" = s."provisioningStartedAt"
FROM (
    SELECT
        ((("data"::jsonb)->>'startedAt')::timestamptz AT TIME ZONE 'UTC') AS "provisioningStartedAt"
    FROM "SetupStep" WHERE "id" = 'start-provisioning' AND "status" = 'done'
) AS s
WHERE "FederationConfig"."id" = 1 AND s."provisioningStartedAt" IS NOT NULL;
