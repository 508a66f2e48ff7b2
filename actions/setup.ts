"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { canConfigureFederation } from "@/lib/security/permissions";
import { runFederationCheck } from "@/lib/setup/federation-check";
import { checkSignInLogs, inspectCapturedResponse } from "@/lib/setup/sign-in-proof";
import { uploadAwsSpMetadata } from "@/lib/setup/steps/aws-sp-metadata";
import { createOrAdoptEnterpriseApp } from "@/lib/setup/steps/enterprise-app";
import { fetchFederationMetadataStep } from "@/lib/setup/steps/federation-metadata";
import { confirmIdentitySourceChange } from "@/lib/setup/steps/identity-source";
import { chooseIdentityCenterInstance } from "@/lib/setup/steps/identity-center-instance";
import { configureSingleSignOn } from "@/lib/setup/steps/saml-sso";

function refresh() {
  revalidatePath("/setup");
  revalidatePath("/");
}

export const chooseInstanceAction = defineAction({
  name: "setup.instance.choose",
  input: z.object({
    instanceArn: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null),
  }),
  allowed: canConfigureFederation,
  run: async ({ instanceArn }, { by }) => {
    const data = await chooseIdentityCenterInstance(instanceArn, by);
    refresh();
    return data;
  },
  success: (d) => `Using ${d.name ?? d.instanceArn} (identity store ${d.identityStoreId}).`,
});

export const uploadSpMetadataAction = defineAction({
  name: "setup.aws-metadata.upload",
  input: z.object({ file: z.instanceof(File, { error: "Choose the metadata file you downloaded from the AWS console" }) }),
  allowed: canConfigureFederation,
  run: async ({ file }, { by }) => {
    const data = await uploadAwsSpMetadata(file, by);
    refresh();
    return { entityId: data.entityId };
  },
  success: (d) => `Accepted the metadata for ${d.entityId}.`,
});

const enterpriseAppChosen = (d: { adopted: boolean; displayName: string }) =>
  d.adopted ? `Adopted “${d.displayName}”.` : `“${d.displayName}” is the enterprise application.`;

export const createEnterpriseAppAction = defineAction({
  name: "setup.enterprise-app.create",
  input: z.object({ displayName: z.string().trim().min(1, "Give the application a name").max(120, "Keep the name under 120 characters") }),
  allowed: canConfigureFederation,
  run: async ({ displayName }, { by }) => {
    const data = await createOrAdoptEnterpriseApp({ mode: "create", displayName }, by);
    refresh();
    return data;
  },
  success: enterpriseAppChosen,
});

export const adoptEnterpriseAppAction = defineAction({
  name: "setup.enterprise-app.adopt",
  input: z.object({ servicePrincipalId: z.string().min(1, "Choose an application") }),
  allowed: canConfigureFederation,
  run: async ({ servicePrincipalId }, { by }) => {
    const data = await createOrAdoptEnterpriseApp({ mode: "adopt", servicePrincipalId }, by);
    refresh();
    return data;
  },
  success: enterpriseAppChosen,
});

export const configureSsoAction = defineAction({
  name: "setup.saml-sso.configure",
  input: z.object({}),
  allowed: canConfigureFederation,
  run: async (_input, { by }) => {
    const data = await configureSingleSignOn(by);
    refresh();
    return data;
  },
  success: (d) =>
    d.changed.length || d.certificate.created ? "SAML single sign-on is configured." : "SAML single sign-on was already configured; nothing changed.",
});

export const fetchFederationMetadataAction = defineAction({
  name: "setup.federation-metadata.fetch",
  input: z.object({}),
  allowed: canConfigureFederation,
  run: async (_input, { by }) => {
    const data = await fetchFederationMetadataStep(by);
    refresh();
    return { thumbprint: data.certificate.thumbprint };
  },
  success: () => "Fetched and checked Entra's federation metadata.",
});

export const confirmIdentitySourceAction = defineAction({
  name: "setup.identity-source.confirm",
  input: z.object({ confirmed: z.literal("on", "Tick the box once the AWS console has accepted the change") }),
  allowed: canConfigureFederation,
  run: async (_input, { by }) => {
    await confirmIdentitySourceChange(by);
    const check = await runFederationCheck(by);
    refresh();
    return { problems: check.findings.length };
  },
  success: (r) => (r.problems ? "Recorded. The consistency check found problems; see below." : "Recorded, and the consistency check found no problems."),
});

export const federationCheckAction = defineAction({
  name: "setup.federation.check",
  input: z.object({}),
  allowed: canConfigureFederation,
  run: async (_input, { by }) => {
    const check = await runFederationCheck(by);
    refresh();
    return { problems: check.findings.length };
  },
  success: (r) => (r.problems ? `The check found ${r.problems} problem${r.problems === 1 ? "" : "s"}.` : "The configuration matches."),
});

export const inspectSamlResponseAction = defineAction({
  name: "setup.sign-in.inspect",
  input: z.object({
    samlResponse: z
      .string()
      .trim()
      .min(1, "Paste the SAMLResponse value captured during a sign-in")
      .max(400_000, "That is far longer than a SAML response; paste only the SAMLResponse value"),
  }),
  allowed: canConfigureFederation,
  run: async ({ samlResponse }, { by }) => {
    const report = await inspectCapturedResponse(samlResponse, by);
    if (report.proven) refresh();
    return report;
  },
  success: (r) =>
    r.proven
      ? "The response passes every check AWS makes: the federation is proven."
      : `AWS would refuse this response: ${r.firstFailure?.label ?? "see below"}.`,
});

export const checkSignInLogsAction = defineAction({
  name: "setup.sign-in.logs",
  input: z.object({}),
  allowed: canConfigureFederation,
  run: async (_input, { by }) => {
    const result = await checkSignInLogs(by);
    if (result.proven) refresh();
    return result;
  },
  success: (r) =>
    r.proven
      ? `Entra signed ${r.proven.userPrincipalName} in to the application: the federation is proven.`
      : r.entries.length
        ? "Entra's log shows sign-ins to the application, none successful yet."
        : "Entra's log shows no sign-in to the application in the last hour. Entra's logs can take a few minutes to show one.",
});
