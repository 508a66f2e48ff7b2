import type { Finding, FindingKind } from "./diff";
import { MAPPED_ATTRIBUTES } from "./user-mapping";

// Each kind of finding in plain words: what it is, why it happens, and what fixes it. The Drift
// page and the command line say the same.

export type Explanation = { reason: string; fix: string; href: string | null };

export const FINDING_TITLES: Record<FindingKind, string> = {
  "user-missing": "In scope, missing in AWS",
  "user-nested-only": "Only in a nested group",
  "user-disabled-active": "Disabled in Entra, active in AWS",
  "user-attributes": "Attributes differ",
  "user-only-in-aws": "User only in AWS",
  "group-missing": "Group missing in AWS",
  "group-renamed": "Group renamed",
  "group-only-in-aws": "Group only in AWS",
  "member-missing": "Membership missing in AWS",
  "member-only-in-aws": "Membership only in AWS",
};

const label = (attribute: string) => MAPPED_ATTRIBUTES.find((a) => a.attribute === attribute)?.label ?? attribute;
const shown = (v: string | boolean | null) => (v === null ? "(none)" : typeof v === "boolean" ? (v ? "yes" : "no") : `“${v}”`);

/** One finding's reason and fix, from its kind and what the scan saw. */
export function explain(f: Finding): Explanation {
  switch (f.kind) {
    case "user-missing":
      return {
        reason: "The user is assigned to the application, directly or as a direct member of an assigned group, but is not in the AWS identity store.",
        fix: "Provision the user on demand: its result names the attribute AWS refused, if any. The provisioning log shows the last attempt.",
        href: "/provisioning",
      };
    case "user-nested-only":
      return {
        reason:
          "The user reaches the application only through a group nested in an assigned group. Entra's provisioning never sends members of nested groups to AWS.",
        fix: "Assign the user, or the nested group itself, to the application under Setup → Users and groups.",
        href: "/setup#assignments",
      };
    case "user-disabled-active":
      return {
        reason:
          "The account is disabled in Entra, so its AWS user should be inactive, but AWS still has it active: the person may still sign in to AWS with a session that outlives Entra.",
        fix: "Provision the user on demand to send the change now; if it keeps failing, the provisioning log says why.",
        href: "/provisioning",
      };
    case "user-attributes":
      return {
        reason: `AWS holds other values than Entra's mapping sends: ${f.differences.map((d) => `${label(d.attribute)} is ${shown(d.aws)} in AWS, ${shown(d.entra)} in Entra`).join("; ")}. Entra updates them on its next cycle unless an error stops it.`,
        fix: "If the difference stays after a cycle, provision the user on demand and read the result; a value AWS refuses must be changed in Entra.",
        href: "/provisioning",
      };
    case "user-only-in-aws":
      return f.cause === "duplicate"
        ? {
            reason: `This user has the same email as ${f.duplicateOf}, whom Entra provisions: a stale duplicate, typically left after a user name change or an account recreated in Entra.`,
            fix: "Check that nobody signs in with it, then delete it in AWS; its account assignments do not carry over.",
            href: null,
          }
        : f.cause === "created-by-hand"
          ? {
              reason: "The user carries no external id, so provisioning did not create it: it was made by hand in AWS, or by another tool.",
              fix: "Delete it in AWS if nobody needs it, or assign the matching Entra user to the application so that provisioning takes it over.",
              href: null,
            }
          : {
              reason:
                "The user was provisioned once but is no longer in the application's scope: unassigned, deleted in Entra, or in a group that is no longer assigned. Entra deactivates rather than deletes it.",
              fix: "Assign it again if the person still needs AWS; otherwise delete it in AWS.",
              href: null,
            };
    case "group-missing":
      return {
        reason: "The group is assigned to the application but is not in the AWS identity store.",
        fix: "Check the provisioning log for the group, then run a cycle; AWS refuses a group whose name another group already has.",
        href: "/provisioning",
      };
    case "group-renamed":
      return {
        reason: `The group is called ${shown(f.differences[0]?.aws ?? null)} in AWS and ${shown(f.differences[0]?.entra ?? null)} in Entra. Entra renames it on its next cycle; permission set assignments follow the group's id and stay.`,
        fix: "If the name stays, check the provisioning log for the group.",
        href: "/provisioning",
      };
    case "group-only-in-aws":
      return f.cause === "created-by-hand"
        ? {
            reason: "The group carries no external id: it was made by hand in AWS, or by another tool, and provisioning does not manage it.",
            fix: "Delete it in AWS if nobody relies on it, or manage its members there by hand.",
            href: null,
          }
        : {
            reason: "The group was provisioned once but is no longer assigned to the application, so Entra no longer updates its members.",
            fix: "Assign it again, or delete it in AWS after removing its account assignments.",
            href: null,
          };
    case "member-missing":
      return f.cause === "nested"
        ? {
            reason: `The user is in ${f.group} only through a nested group; Entra never provisions nested memberships, so the user lacks the AWS access the group grants.`,
            fix: "Add the user to the group directly in Entra, or assign the nested group to the application.",
            href: "/setup#assignments",
          }
        : {
            reason: `The user is a direct member of ${f.group} in Entra but not in AWS. Entra adds the membership on its next cycle.`,
            fix: "If it stays missing after a cycle, check the provisioning log for the group.",
            href: "/provisioning",
          };
    case "member-only-in-aws":
      return {
        reason: `The user is a member of ${f.group} in AWS but not in Entra: added by hand in AWS, or removed in Entra since the last cycle (Entra removes it then).`,
        fix: "Remove the membership in AWS if it was added by hand; it grants the group's AWS access.",
        href: null,
      };
  }
}
