// The journey, in the order it must happen: federation first (AWS turns on automatic provisioning
// only for an external identity provider), then provisioning. "console" steps happen in the AWS
// console, which has no API for them: SSO Bridge guides, then checks what it can.

export const FEDERATION_STEP_IDS = [
  "identity-center-instance",
  "aws-sp-metadata",
  "enterprise-app",
  "saml-sso",
  "federation-metadata",
  "identity-source",
] as const;
export const PROVISIONING_STEP_IDS = ["scim-credentials", "provisioning-job", "assignments", "start-provisioning"] as const;
export const STEP_IDS = [...FEDERATION_STEP_IDS, ...PROVISIONING_STEP_IDS] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Where a step is on the Setup page. */
export const stepHref = (step: StepId) => `/setup#${step}`;

export type StepDefinition = { id: StepId; section: "federation" | "provisioning"; title: string; where: "automated" | "console"; summary: string };

export const STEPS: Record<StepId, StepDefinition> = {
  "identity-center-instance": {
    id: "identity-center-instance",
    section: "federation",
    title: "IAM Identity Center instance",
    where: "automated",
    summary: "Find the IAM Identity Center instance that Entra ID will sign people in to.",
  },
  "aws-sp-metadata": {
    id: "aws-sp-metadata",
    section: "federation",
    title: "AWS SAML metadata",
    where: "console",
    summary: "Download IAM Identity Center's service provider metadata in the AWS console and upload it here.",
  },
  "enterprise-app": {
    id: "enterprise-app",
    section: "federation",
    title: "Enterprise application",
    where: "automated",
    summary: "Create the AWS IAM Identity Center enterprise application in Entra from the gallery, or adopt an existing one.",
  },
  "saml-sso": {
    id: "saml-sso",
    section: "federation",
    title: "SAML single sign-on",
    where: "automated",
    summary: "Turn on SAML for the application with AWS's identifier and reply URL, and make sure it has an active signing certificate.",
  },
  "federation-metadata": {
    id: "federation-metadata",
    section: "federation",
    title: "Entra federation metadata",
    where: "automated",
    summary: "Fetch Entra's federation metadata for the application, check it, and keep it ready for AWS.",
  },
  "identity-source": {
    id: "identity-source",
    section: "federation",
    title: "Identity source change in AWS",
    where: "console",
    summary: "In the AWS console, upload the federation metadata and accept the change of identity source to Entra ID.",
  },
  "scim-credentials": {
    id: "scim-credentials",
    section: "provisioning",
    title: "SCIM endpoint and token",
    where: "console",
    summary:
      "Turn on automatic provisioning in the AWS console and paste the SCIM endpoint and access token here; SSO Bridge checks them live and keeps the token encrypted.",
  },
  "provisioning-job": {
    id: "provisioning-job",
    section: "provisioning",
    title: "Entra provisioning job",
    where: "automated",
    summary:
      "Create the application's provisioning job from the AWS template (or adopt it), give it the endpoint and token, have Entra test them, and scope it to assigned users and groups.",
  },
  assignments: {
    id: "assignments",
    section: "provisioning",
    title: "Users and groups",
    where: "automated",
    summary: "Assign the users and groups that should exist in AWS to the enterprise application.",
  },
  "start-provisioning": {
    id: "start-provisioning",
    section: "provisioning",
    title: "Start provisioning",
    where: "automated",
    summary: "Start the job: Entra pushes the assigned users and groups to AWS, then keeps them in step every 40 minutes.",
  },
};

export function stepIndex(id: StepId): number {
  return STEP_IDS.indexOf(id);
}

export function isStepId(value: string): value is StepId {
  return (STEP_IDS as readonly string[]).includes(value);
}
