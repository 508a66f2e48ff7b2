import { paginateListInstances } from "@aws-sdk/client-sso-admin";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { awsClients } from "./aws-clients";
import { awsError } from "./aws-errors";
import type { AwsConnection } from "./aws-connection";

// The IAM Identity Center instances visible in the connection's region (sso-admin ListInstances, every
// page). An entry without the identifiers SSO Bridge relies on is an error, not something to skip.

export type IdentityCenterInstance = {
  instanceArn: string;
  identityStoreId: string;
  ownerAccountId: string;
  name: string | null;
  status: string | null;
  createdAt: Date | null;
};

// Patterns from the sso-admin API reference (InstanceMetadata).
const instance = z.object({
  InstanceArn: z.string().regex(/^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/),
  IdentityStoreId: z.string().regex(/^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  OwnerAccountId: z.string().regex(/^\d{12}$/),
  Name: z.string().nullish(),
  Status: z.string().nullish(),
  CreatedDate: z.date().nullish(),
});

export async function listIdentityCenterInstances(connection: AwsConnection): Promise<IdentityCenterInstance[]> {
  const raw: unknown[] = [];
  try {
    for await (const page of paginateListInstances({ client: awsClients(connection).ssoAdmin }, {})) raw.push(...(page.Instances ?? []));
  } catch (e) {
    throw awsError(e, "list IAM Identity Center instances (sso:ListInstances)");
  }
  return raw.map((entry, i) => {
    const parsed = instance.safeParse(entry);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "entry")))].join(", ");
      throw new AppError(
        "CloudRejected",
        `AWS listed an IAM Identity Center instance (entry ${i + 1}) with missing or malformed ${fields}; SSO Bridge cannot use it.`,
      );
    }
    const p = parsed.data;
    return {
      instanceArn: p.InstanceArn,
      identityStoreId: p.IdentityStoreId,
      ownerAccountId: p.OwnerAccountId,
      name: p.Name ?? null,
      status: p.Status ?? null,
      createdAt: p.CreatedDate ?? null,
    };
  });
}
