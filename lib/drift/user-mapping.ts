import type { AwsUser } from "../aws/identity-store-directory";
import type { EntraUser } from "../entra/provisioning-scope";

// The attributes the AWS IAM Identity Center gallery app's default provisioning mapping sends, as
// the identity store shows them: what a user in AWS should hold, given the Entra user.

export const MAPPED_ATTRIBUTE_NAMES = ["userName", "displayName", "givenName", "familyName", "email", "title", "active"] as const;
export type MappedAttribute = (typeof MAPPED_ATTRIBUTE_NAMES)[number];
type MappedUser = Record<MappedAttribute, string | boolean | null>;

export const MAPPED_ATTRIBUTES: { attribute: MappedAttribute; label: string; entraSource: string }[] = [
  { attribute: "userName", label: "User name", entraSource: "userPrincipalName" },
  { attribute: "displayName", label: "Display name", entraSource: "displayName" },
  { attribute: "givenName", label: "Given name", entraSource: "givenName" },
  { attribute: "familyName", label: "Family name", entraSource: "surname" },
  { attribute: "email", label: "Work email", entraSource: "mail" },
  { attribute: "title", label: "Job title", entraSource: "jobTitle" },
  { attribute: "active", label: "Active", entraSource: "accountEnabled" },
];

export type AttributeDifference = { attribute: MappedAttribute; entra: string | boolean | null; aws: string | boolean | null };

// Entra leaves an empty attribute out, and AWS keeps no empty strings: both mean "no value".
const value = (v: string | null) => (v === null || v.trim() === "" ? null : v);

/** What provisioning writes to AWS for the Entra user (a disabled account is sent as inactive). */
export function expectedInAws(u: EntraUser): MappedUser {
  return {
    userName: u.userPrincipalName,
    displayName: value(u.displayName),
    givenName: value(u.givenName),
    familyName: value(u.surname),
    email: value(u.mail),
    title: value(u.jobTitle),
    active: u.accountEnabled,
  };
}

export function heldInAws(u: AwsUser): MappedUser {
  return {
    userName: u.userName,
    displayName: value(u.displayName),
    givenName: value(u.givenName),
    familyName: value(u.familyName),
    email: value(u.email),
    title: value(u.title),
    active: u.active,
  };
}

/** The mapped attributes whose values differ; user names compare without case, as AWS keeps them unique. */
export function attributeDifferences(entra: EntraUser, aws: AwsUser): AttributeDifference[] {
  const want = expectedInAws(entra);
  const have = heldInAws(aws);
  return MAPPED_ATTRIBUTES.flatMap(({ attribute }) => {
    const [a, b] = [want[attribute], have[attribute]];
    const same = attribute === "userName" ? String(a).toLowerCase() === String(b).toLowerCase() : a === b;
    return same ? [] : [{ attribute, entra: a, aws: b }];
  });
}
