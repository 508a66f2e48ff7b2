import { z } from "zod";
import type { ReadingDefinition } from "../cloud-readings/cloud-reading";
import { refreshReading } from "../cloud-readings/refresh-reading";
import { AppError } from "../errors";
import { accountAccessReadings, permissionSetDetailReadings, userAccessReadings } from "./access-detail-readings";
import { organizationReading, permissionSetsReading } from "./access-readings";
import { accessConfigured } from "./configured-identity-center";

// Check now on the Access pages: which reading a button names, as the browser sends it.

export const accessReadingRef = z.union([
  z.enum(["permission-sets", "organization"]),
  z.object({ family: z.literal("account"), id: z.string().regex(/^\d{12}$/, "Account ids are 12 digits.") }),
  z.object({ family: z.literal("user"), id: z.string().min(1).max(47) }),
  z.object({ family: z.literal("permission-set"), id: z.string().min(1).max(1224) }),
]);
export type AccessReadingRef = z.infer<typeof accessReadingRef>;

function definitionOf(ref: AccessReadingRef): ReadingDefinition<unknown> {
  if (ref === "permission-sets") return permissionSetsReading;
  if (ref === "organization") return organizationReading;
  if (ref.family === "account") return accountAccessReadings.member(ref.id);
  if (ref.family === "user") return userAccessReadings.member(ref.id);
  return permissionSetDetailReadings.member(ref.id);
}

/** An immediate read, one however many ask at once; a value read in the last two seconds serves it. */
export async function checkAccessReadingNow(ref: AccessReadingRef): Promise<{ problem: string | null }> {
  if (!(await accessConfigured())) throw new AppError("NotConfigured", "Choose the IAM Identity Center instance in setup first.");
  // Budget is waited for briefly: a person is waiting, and the page keeps refreshing while the read goes on.
  const { problem } = await refreshReading(definitionOf(ref), { freshEnoughMs: 2_000, waitMs: 10_000 });
  return { problem };
}
