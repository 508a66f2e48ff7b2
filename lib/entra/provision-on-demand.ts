import { z } from "zod";
import { AppError } from "@/lib/errors";
import { jsonOrUndefined } from "@/lib/http/json-text";
import { graphError } from "./graph-errors";
import { parseGraph } from "./graph-read";
import type { GraphSession } from "./graph-session";

// "Provision on demand": one user pushed to AWS now, outside the cycle, with every step Entra
// took. Graph answers with a key/value pair whose two values are JSON documents in strings.
// Entra admits 5 of these per 10 seconds per app; the Graph transport waits out a short
// Retry-After and a longer one surfaces as Throttled with the wait in its message.

export type OnDemandStep = { name: string; status: string; description: string; details: Record<string, string> };
export type OnDemandResult = { steps: OnDemandStep[]; outcome: "success" | "failure" | "skipped" };

/** The AWS template's one rule, the one that supports provisioning on demand. */
const AWS_RULE_NAME = "USERGROUP_OUTBOUND_USERGROUP";

const schema = z.object({ synchronizationRules: z.array(z.object({ id: z.string(), name: z.string().nullish() })) });
const pair = z.object({ key: z.string(), value: z.string() });
const verdict = z.object({ result: z.string() });
const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? "" : String(v)));
const record = z.object({
  provisioningSteps: z
    .array(
      z.object({
        name: z.string(),
        status: z.string(),
        description: z.string().nullish(),
        details: z.record(z.string(), detailValue).nullish(),
      }),
    )
    .nullish(),
});

export async function provisionOnDemand(session: GraphSession, servicePrincipalId: string, jobId: string, user: { id: string }): Promise<OnDemandResult> {
  const jobPath = `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/jobs/${encodeURIComponent(jobId)}`;
  const ruleId = await onDemandRuleId(session, jobPath);
  let answer: z.output<typeof pair>;
  try {
    const body: unknown = await session.client
      .api(`${jobPath}/provisionOnDemand`)
      .post({ parameters: [{ ruleId, subjects: [{ objectId: user.id, objectTypeName: "User" }] }] });
    answer = parseGraph(pair, body, "the on-demand provisioning result");
  } catch (e) {
    throw graphError(e, "provision the user to AWS on demand");
  }
  const result = parseGraph(verdict, jsonOrUndefined(answer.key), "the on-demand provisioning result").result.toLowerCase();
  const steps = parseGraph(record, jsonOrUndefined(answer.value), "the on-demand provisioning steps").provisioningSteps ?? [];
  return {
    steps: steps.map((s) => ({ name: s.name, status: s.status, description: s.description ?? "", details: s.details ?? {} })),
    outcome: result === "success" || result === "skipped" ? result : "failure",
  };
}

async function onDemandRuleId(session: GraphSession, jobPath: string): Promise<string> {
  let rules: z.output<typeof schema>["synchronizationRules"];
  try {
    rules = parseGraph(schema, await session.client.api(`${jobPath}/schema`).get(), "the provisioning job's schema").synchronizationRules;
  } catch (e) {
    throw graphError(e, "read the provisioning job's schema");
  }
  const rule = rules.find((r) => r.name === AWS_RULE_NAME) ?? (rules.length === 1 ? rules[0] : undefined);
  if (!rule) throw new AppError("CloudRejected", `The provisioning job's schema has no ${AWS_RULE_NAME} rule, which provisioning on demand needs.`);
  return rule.id;
}
