import { z } from "zod";
import { jsonColumn, type JsonColumn } from "../json-column";
import type { StepId } from "./step-definitions";

// What each step leaves behind for the steps after it, as stored in SetupStep.data. Parsed on
// every read: later steps work only with data that has this shape.

const certificate = z.object({ subject: z.string(), thumbprint: z.string(), notBefore: z.string(), notAfter: z.string() });
export type StoredCertificate = z.infer<typeof certificate>;

export const stepData = {
  "identity-center-instance": z.object({
    instanceArn: z.string(),
    identityStoreId: z.string(),
    ownerAccountId: z.string(),
    region: z.string(),
    name: z.string().nullable(),
  }),
  "aws-sp-metadata": z.object({
    fileName: z.string(),
    xml: z.string(),
    entityId: z.string(),
    acsUrl: z.string(),
    region: z.string(),
    identityStoreId: z.string(),
    certificates: z.array(certificate),
  }),
  "enterprise-app": z.object({
    servicePrincipalId: z.string(),
    applicationObjectId: z.string(),
    appId: z.string(),
    displayName: z.string(),
    adopted: z.boolean(),
  }),
  "saml-sso": z.object({
    entityId: z.string(),
    acsUrl: z.string(),
    changed: z.array(z.string()),
    certificate: z.object({ thumbprint: z.string(), notBefore: z.string(), notAfter: z.string(), created: z.boolean() }),
  }),
  "federation-metadata": z.object({
    xml: z.string(),
    entityId: z.string(),
    ssoUrl: z.string(),
    certificate,
    fetchedAt: z.string(),
  }),
  "identity-source": z.object({
    confirmedAt: z.string(),
    confirmedById: z.string(),
    confirmedByLabel: z.string(),
    certificateThumbprint: z.string(),
  }),
  "scim-credentials": z.object({
    endpoint: z.string(),
    tokenFingerprint: z.string(),
    tokenCreatedAt: z.string(),
    tokenExpiresAt: z.string(),
    checkedAt: z.string(),
  }),
  "provisioning-job": z.object({
    jobId: z.string(),
    created: z.boolean(),
    scopedToAssigned: z.boolean(),
    tokenFingerprint: z.string(),
  }),
  assignments: z.object({
    assignees: z.array(z.object({ assignmentId: z.string(), principalId: z.string(), principalType: z.enum(["User", "Group"]), displayName: z.string() })),
    nestedGroups: z.array(z.object({ group: z.string(), nested: z.array(z.string()) })),
  }),
  "start-provisioning": z.object({ startedAt: z.string(), jobId: z.string() }),
} satisfies Record<StepId, z.ZodType>;

export type StepData<S extends StepId> = z.infer<(typeof stepData)[S]>;

// A step that has not produced a result yet holds the column's default, an empty object.
const noResultYet = (v: unknown) => (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0 ? null : v);

// Each step's schema typed by its own id, so that the codec of step S reads StepData<S>.
const resultSchemas: { [S in StepId]: z.ZodType<StepData<S>> } = stepData;

/** SetupStep.data of the step `id`: its result, or null before it has one. */
export function stepDataColumn<S extends StepId>(id: S): JsonColumn<StepData<S> | null> {
  return jsonColumn("SetupStep.data", z.preprocess(noResultYet, resultSchemas[id].nullable()));
}

// What later steps build on, per step: when it changes, they have to run again.
const OUTCOME_KEYS: { [S in StepId]: (data: StepData<S>) => string } = {
  "identity-center-instance": (d) => d.instanceArn,
  "aws-sp-metadata": (d) => `${d.entityId} ${d.acsUrl}`,
  "enterprise-app": (d) => d.servicePrincipalId,
  "saml-sso": (d) => `${d.certificate.thumbprint} ${d.entityId} ${d.acsUrl}`,
  "federation-metadata": (d) => `${d.certificate.thumbprint} ${d.entityId} ${d.ssoUrl}`,
  "identity-source": (d) => JSON.stringify(d),
  "scim-credentials": (d) => `${d.endpoint} ${d.tokenFingerprint}`,
  "provisioning-job": (d) => d.jobId,
  // Later steps do not build on who is assigned or when the job started.
  assignments: () => "",
  "start-provisioning": () => "",
};

/** What later steps build on: when it changes, they have to run again. */
export function stepOutcomeKey<S extends StepId>(id: S, data: StepData<S>): string {
  const key: (data: StepData<S>) => string = OUTCOME_KEYS[id];
  return key(data);
}
