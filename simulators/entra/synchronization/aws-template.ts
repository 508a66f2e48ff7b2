import crypto from "node:crypto";
import type { GraphGroup, GraphUser, ServicePrincipal } from "../directory";
import { SCIM_GROUP_SCHEMA, SCIM_USER_SCHEMA, type ScimGroup, type ScimUser } from "./scim-client";

// The gallery app "AWS IAM Identity Center (successor to AWS Single Sign-On)" as the provisioning
// service knows it: the synchronization template, its one outbound rule and the default attribute
// mappings (Entra tutorial "Configure AWS IAM Identity Center for automatic user provisioning").

export const AWS_GALLERY_TEMPLATE_ID = "21ed01d2-ec13-4e9e-86c1-cd546719ebc4";
export const AWS_SYNC_TEMPLATE_ID = "aWSSingleSignon";
export const AWS_RULE_NAME = "USERGROUP_OUTBOUND_USERGROUP";
/** the rule id seen on real aWSSingleSignon jobs; provisionOnDemand names it */
export const AWS_RULE_ID = "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8";
export const SOURCE_DIRECTORY = "Azure Active Directory";
export const TARGET_DIRECTORY = "customappsso";
export const SCIM_ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export function isAwsServicePrincipal(sp: ServicePrincipal): boolean {
  return sp.applicationTemplateId === AWS_GALLERY_TEMPLATE_ID;
}

/** Job ids read `<factoryTag>.<tenant id without dashes>.<app id>` on real tenants. */
export function newJobId(tenantId: string, sp: ServicePrincipal): string {
  return `${AWS_SYNC_TEMPLATE_ID}.${tenantId.replace(/-/g, "")}.${sp.appId || crypto.randomUUID()}`;
}

type AttributeMapping = { source: string; target: string; matching?: boolean; flowType?: "Always" | "ObjectAddOnly" };

const USER_MAPPINGS: AttributeMapping[] = [
  { source: "userPrincipalName", target: "userName", matching: true },
  { source: "Not([IsSoftDeleted])", target: "active" },
  { source: "displayName", target: "displayName" },
  { source: "jobTitle", target: "title" },
  { source: "mail", target: 'emails[type eq "work"].value' },
  { source: "givenName", target: "name.givenName" },
  { source: "surname", target: "name.familyName" },
  { source: 'Join(" ", [givenName], [surname])', target: "name.formatted" },
  { source: "objectId", target: "externalId" },
  { source: "department", target: `${SCIM_ENTERPRISE_USER}:department` },
];

const GROUP_MAPPINGS: AttributeMapping[] = [
  { source: "displayName", target: "displayName", matching: true },
  { source: "objectId", target: "externalId" },
  { source: "members", target: "members" },
];

function objectMapping(sourceObjectName: string, targetObjectName: string, mappings: AttributeMapping[]) {
  return {
    enabled: true,
    flowTypes: "Add, Update, Delete",
    name: `Provision Microsoft Entra ID ${sourceObjectName}s`,
    sourceObjectName,
    targetObjectName,
    scope: null,
    metadata: [],
    attributeMappings: mappings.map((m) => ({
      defaultValue: null,
      exportMissingReferences: false,
      flowBehavior: "FlowWhenChanged",
      flowType: m.flowType ?? "Always",
      matchingPriority: m.matching ? 1 : 0,
      targetAttributeName: m.target,
      source: {
        expression: m.source.includes("(") ? m.source : `[${m.source}]`,
        name: m.source,
        type: m.source.includes("(") ? "Function" : "Attribute",
        parameters: [],
      },
    })),
  };
}

/** The synchronizationTemplate Graph lists for the AWS service principal. */
export function awsSynchronizationTemplate(sp: ServicePrincipal) {
  return {
    id: AWS_SYNC_TEMPLATE_ID,
    applicationId: sp.appId,
    default: true,
    description: "AWS IAM Identity Center outbound provisioning over SCIM 2.0",
    discoverable: true,
    factoryTag: AWS_SYNC_TEMPLATE_ID,
    metadata: [],
    schema: {
      id: AWS_SYNC_TEMPLATE_ID,
      version: "Date:2024-01-01;Template:aWSSingleSignon",
      synchronizationRules: [
        {
          id: AWS_RULE_ID,
          name: AWS_RULE_NAME,
          editable: true,
          priority: 1,
          sourceDirectoryName: SOURCE_DIRECTORY,
          targetDirectoryName: TARGET_DIRECTORY,
          containerFilter: { includedContainers: [] },
          groupFilter: { includedGroups: [] },
          metadata: [],
          objectMappings: [
            objectMapping("User", SCIM_ENTERPRISE_USER, USER_MAPPINGS),
            objectMapping("Group", "urn:ietf:params:scim:schemas:core:2.0:Group", GROUP_MAPPINGS),
          ],
        },
      ],
      directories: [
        { id: "AzureActiveDirectory", name: SOURCE_DIRECTORY, objects: [{ name: "User" }, { name: "Group" }] },
        { id: "customappsso", name: TARGET_DIRECTORY, objects: [{ name: SCIM_ENTERPRISE_USER }, { name: "urn:ietf:params:scim:schemas:core:2.0:Group" }] },
      ],
    },
  };
}

/** The SCIM user the default mappings produce. Missing values are left out, as Entra does, so the
 * target's own validation decides (AWS rejects users without given or family name). */
export function toScimUser(user: GraphUser, active: boolean): ScimUser {
  const scim: ScimUser = { schemas: [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_USER], externalId: user.id, userName: user.userPrincipalName, active };
  if (user.displayName) scim.displayName = user.displayName;
  const name: NonNullable<ScimUser["name"]> = {};
  if (user.givenName) name.givenName = user.givenName;
  if (user.surname) name.familyName = user.surname;
  const formatted = [user.givenName, user.surname].filter(Boolean).join(" ");
  if (formatted) name.formatted = formatted;
  if (Object.keys(name).length > 0) scim.name = name;
  if (user.mail) scim.emails = [{ value: user.mail, type: "work", primary: true }];
  if (user.jobTitle) scim.title = user.jobTitle;
  if (user.department) scim[SCIM_ENTERPRISE_USER] = { department: user.department };
  else scim.schemas = [SCIM_USER_SCHEMA];
  return scim;
}

export function toScimGroup(group: GraphGroup): ScimGroup {
  return { schemas: [SCIM_GROUP_SCHEMA], externalId: group.id, displayName: group.displayName, members: [] };
}

/** What the provisioning service compares to decide whether an export is redundant. */
export function userFingerprint(scim: ScimUser): string {
  return JSON.stringify(scim);
}

/**
 * Whether the user the target holds already carries every mapped value: on-demand provisioning
 * reads the target user (its matching step) and compares with it, not with what it sent last.
 */
export function targetMatches(desired: ScimUser, target: ScimUser): boolean {
  const mapped = (u: ScimUser) =>
    [
      u.externalId,
      u.userName,
      u.active ?? true,
      u.displayName,
      u.name?.givenName,
      u.name?.familyName,
      (u.emails?.find((e) => e.primary) ?? u.emails?.[0])?.value,
      u.title,
      (u[SCIM_ENTERPRISE_USER] as { department?: string } | undefined)?.department,
    ].map((v) => v ?? null);
  return JSON.stringify(mapped(desired)) === JSON.stringify(mapped(target));
}

/** modifiedProperties of a log entry: the source attributes that flowed. */
export function userModifiedProperties(user: GraphUser, isSoftDeleted: boolean) {
  const props: Record<string, string | null> = {
    objectId: user.id,
    accountEnabled: user.accountEnabled ? "True" : "False",
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    mail: user.mail,
    userPrincipalName: user.userPrincipalName,
    jobTitle: user.jobTitle,
    IsSoftDeleted: isSoftDeleted ? "True" : "False",
  };
  return Object.entries(props).map(([displayName, newValue]) => ({ displayName, oldValue: null, newValue }));
}
