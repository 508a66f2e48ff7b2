// The federation half of the journey, in the order it must happen. "console" steps happen in the
// AWS console, which has no API for them: SSO Bridge guides, then checks what it can.

export const STEP_IDS = ["identity-center-instance", "aws-sp-metadata", "enterprise-app", "saml-sso", "federation-metadata", "identity-source"] as const;
export type StepId = (typeof STEP_IDS)[number];

export type StepDefinition = { id: StepId; title: string; where: "automated" | "console"; summary: string };

export const STEPS: Record<StepId, StepDefinition> = {
  "identity-center-instance": {
    id: "identity-center-instance",
    title: "IAM Identity Center instance",
    where: "automated",
    summary: "Find the IAM Identity Center instance that Entra ID will sign people in to.",
  },
  "aws-sp-metadata": {
    id: "aws-sp-metadata",
    title: "AWS SAML metadata",
    where: "console",
    summary: "Download IAM Identity Center's service provider metadata in the AWS console and upload it here.",
  },
  "enterprise-app": {
    id: "enterprise-app",
    title: "Enterprise application",
    where: "automated",
    summary: "Create the AWS IAM Identity Center enterprise application in Entra from the gallery, or adopt an existing one.",
  },
  "saml-sso": {
    id: "saml-sso",
    title: "SAML single sign-on",
    where: "automated",
    summary: "Turn on SAML for the application with AWS's identifier and reply URL, and make sure it has an active signing certificate.",
  },
  "federation-metadata": {
    id: "federation-metadata",
    title: "Entra federation metadata",
    where: "automated",
    summary: "Fetch Entra's federation metadata for the application, check it, and keep it ready for AWS.",
  },
  "identity-source": {
    id: "identity-source",
    title: "Identity source change in AWS",
    where: "console",
    summary: "In the AWS console, upload the federation metadata and accept the change of identity source to Entra ID.",
  },
};

export function stepIndex(id: StepId): number {
  return STEP_IDS.indexOf(id);
}

export function isStepId(value: string): value is StepId {
  return (STEP_IDS as readonly string[]).includes(value);
}
