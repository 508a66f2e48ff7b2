import { z } from "zod";
import { jsonColumn } from "../json-column";
import { storedVocabulary } from "../stored-vocabulary";
import { FINDING_CAUSES, FINDING_KINDS } from "./diff";
import { MAPPED_ATTRIBUTE_NAMES } from "./user-mapping";

// How a drift scan and its findings are kept in the database.

export const SCAN_STATUSES = ["running", "complete", "failed", "cancelled"] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];
export const storedScanStatus = storedVocabulary("DriftScan.status", SCAN_STATUSES);
/** A running scan whose lease ran out: its server stopped. */
export const SCAN_STOPPED_PROBLEM = "The server running this scan stopped before it finished. Run it again.";
export const storedFindingKind = storedVocabulary("DriftFinding.kind", FINDING_KINDS);
export const storedFindingCause = storedVocabulary("DriftFinding.cause", FINDING_CAUSES);
/** What was done about a finding since its scan: removed from AWS, kept there on purpose, found already gone, or a lost assignment recreated. */
export const RESOLUTIONS = ["removed", "kept", "gone", "recreated"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const storedResolution = storedVocabulary("DriftFinding.resolution", RESOLUTIONS);

const side = z.object({ objects: z.number(), requests: z.number() });
const scanProgress = z.object({
  phase: z.enum(["entra", "aws", "comparing", "done"]),
  entra: side,
  aws: side,
  /** time spent waiting for SSO Bridge's budget with either cloud */
  budgetWaitMs: z.number(),
  /** Entra read as the changes since the previous scan (delta queries) rather than whole; absent in scans from before it could */
  entraChangesOnly: z.boolean().optional(),
});
export type ScanProgress = z.infer<typeof scanProgress>;
export const progressColumn = jsonColumn("DriftScan.progress", scanProgress);

export const countsColumn = jsonColumn("DriftScan.counts", z.partialRecord(z.enum(FINDING_KINDS), z.number()));

const value = z.union([z.string(), z.boolean(), z.null()]);
const attribute = z.enum(MAPPED_ATTRIBUTE_NAMES);
export const findingDetails = jsonColumn(
  "DriftFinding.details",
  z.object({
    differences: z.array(z.object({ attribute, entra: value, aws: value })),
    duplicateOf: z.string().nullable(),
    detail: z.string().nullable().default(null),
    groupId: z.string().nullable().default(null),
    assignment: z
      .object({
        accountId: z.string(),
        permissionSetArn: z.string(),
        permissionSetName: z.string().nullable(),
        principalType: z.enum(["USER", "GROUP"]),
        formerPrincipalId: z.string(),
      })
      .nullable()
      .default(null),
  }),
);
