import type { PermissionSetDefinition } from "../aws/permission-sets";

// Starting points for a new permission set: AWS's job-function managed policies, which AWS keeps
// current as services add actions.

export type PermissionSetTemplate = { id: string; label: string; summary: string; definition: PermissionSetDefinition };

const blank = { description: null, relayState: null, customerManagedPolicies: [], inlinePolicy: null, permissionsBoundary: null };

/** The templates for an instance, with policy ARNs in the instance's partition (aws, aws-us-gov, aws-cn). */
export function permissionSetTemplates(instanceArn: string): PermissionSetTemplate[] {
  const partition = /^arn:([\w-]+):/.exec(instanceArn)?.[1] ?? "aws";
  const policy = (name: string) => `arn:${partition}:iam::aws:policy/${name}`;
  return [
    {
      id: "read-only",
      label: "Read only",
      summary: "View resources and their settings in every service, change nothing.",
      definition: {
        ...blank,
        name: "ReadOnly",
        description: "Read-only access to all services",
        sessionDuration: "PT4H",
        managedPolicyArns: [policy("ReadOnlyAccess")],
      },
    },
    {
      id: "power-user",
      label: "Power user",
      summary: "Full access to services, but not to users, groups and roles in IAM.",
      definition: {
        ...blank,
        name: "PowerUser",
        description: "Full access except IAM and Organizations management",
        sessionDuration: "PT4H",
        managedPolicyArns: [policy("PowerUserAccess")],
      },
    },
    {
      id: "administrator",
      label: "Administrator",
      summary: "Full access to everything. Short sessions by default.",
      definition: {
        ...blank,
        name: "Administrator",
        description: "Full access to all services and resources",
        sessionDuration: "PT1H",
        managedPolicyArns: [policy("AdministratorAccess")],
      },
    },
    {
      id: "billing",
      label: "Billing",
      summary: "Billing, budgets and cost reports, for finance.",
      definition: {
        ...blank,
        name: "Billing",
        description: "Billing and cost management",
        sessionDuration: "PT4H",
        managedPolicyArns: [policy("job-function/Billing")],
      },
    },
  ];
}
