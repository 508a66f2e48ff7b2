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
  "user-preflight": "Needs a second look",
  "group-missing": "Group missing in AWS",
  "group-renamed": "Group renamed",
  "group-only-in-aws": "Group only in AWS",
  "member-missing": "Membership missing in AWS",
  "member-only-in-aws": "Membership only in AWS",
  "assignment-lost": "AWS access lost on recreation",
  "assignment-orphaned": "Assignment to a deleted principal",
};

/** Kinds from the most serious: access that should be gone, people who cannot reach AWS, then what grants more than Entra says, then cosmetics. */
export const WORST_FIRST: FindingKind[] = [
  "user-disabled-active",
  "user-missing",
  "user-nested-only",
  "assignment-lost",
  "group-missing",
  "member-missing",
  "member-only-in-aws",
  "user-only-in-aws",
  "group-only-in-aws",
  "assignment-orphaned",
  "user-preflight",
  "user-attributes",
  "group-renamed",
];

const label = (attribute: string) => MAPPED_ATTRIBUTES.find((a) => a.attribute === attribute)?.label ?? attribute;
const shown = (v: string | boolean | null) => (v === null ? "(none)" : typeof v === "boolean" ? (v ? "yes" : "no") : `“${v}”`);

/** A user AWS refuses, by the rule it breaks. */
function refusedBy(rule: "name-missing" | "control-characters" | "user-name-too-long", detail: string | null): Explanation {
  const fix = "Correct it in Entra (the user's profile), then provision the user on demand.";
  switch (rule) {
    case "name-missing":
      return {
        reason: `The user has no ${detail ?? "first or last name"} in Entra, and AWS refuses a user without a given and a family name.`,
        fix,
        href: "/provisioning",
      };
    case "control-characters":
      return {
        reason: `The user's ${detail ?? "attributes"} holds a tab, line break or other control character, which AWS refuses.`,
        fix,
        href: "/provisioning",
      };
    case "user-name-too-long":
      return {
        reason: `The user principal name is ${detail ?? "more than 128"} characters long; AWS refuses user names longer than 128.`,
        fix,
        href: "/provisioning",
      };
  }
}

/** One finding's reason and fix, from its kind and what the scan saw. */
export function explain(f: Finding): Explanation {
  switch (f.kind) {
    case "user-missing":
      return f.cause === "name-missing" || f.cause === "control-characters" || f.cause === "user-name-too-long"
        ? refusedBy(f.cause, f.detail)
        : f.cause === "last-attempt-failed"
          ? {
              reason: `The user is in scope but not in AWS: Entra's last attempt failed (${f.detail}).`,
              fix: "Correct what the reason names (usually an attribute in Entra), then provision the user on demand.",
              href: `/provisioning?identity=${encodeURIComponent(f.subject)}`,
            }
          : f.cause === "last-attempt-skipped"
            ? {
                reason: `The user is in scope but not in AWS: Entra skipped it last time (${f.detail}).`,
                fix: "Check the user's assignment and account state in Entra, then provision the user on demand: its result says whether Entra sends it now.",
                href: `/provisioning?identity=${encodeURIComponent(f.subject)}`,
              }
            : {
                reason:
                  "The user is assigned to the application, directly or as a direct member of an assigned group, but is not in the AWS identity store, and Entra's log holds no attempt at it yet: it arrives with the next cycle.",
                fix: "Provision the user on demand to send it now: its result names the attribute AWS refused, if any.",
                href: "/provisioning",
              };
    case "user-preflight":
      if (f.cause === "disabled-in-scope")
        return {
          reason: `The account is disabled in Entra but ${f.detail === "assigned" ? "assigned to the application" : "a direct member of an assigned group"}: Entra never creates a disabled account in AWS, so this person is not there.`,
          fix: "Enable the account in Entra if the person should reach AWS; otherwise take it out of the assignment or group to keep the scope clean.",
          href: null,
        };
      return f.cause === "guest"
        ? {
            reason:
              "The user is a guest from another organisation, in scope of the application: Entra provisions guests like members, with a user name made from their home address (…#EXT#@…).",
            fix: "Check that this person should reach AWS; if not, remove them from the assignment or the group in Entra.",
            href: null,
          }
        : {
            reason: `Users in scope share the email ${f.detail ?? ""}: AWS shows people by email in its access portal and notifications, and these cannot be told apart.`,
            fix: "Give each person their own email in Entra (the mail attribute), or take the extra account out of scope.",
            href: null,
          };
    case "user-nested-only":
      return {
        reason:
          "The user reaches the application only through a group nested in an assigned group. Entra's provisioning never sends members of nested groups to AWS.",
        fix: "Mirror the assigned group under Nested groups, so SSO Bridge keeps a flat copy of it that Entra provisions; or assign the user, or the nested group itself, to the application under Setup → Users and groups.",
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
        reason: `AWS holds other values than Entra's mapping sends: ${f.differences.map((d) => `${label(d.attribute)} is ${shown(d.aws)} in AWS, ${shown(d.entra)} in Entra`).join("; ")}. Either they changed in Entra since its last cycle, which sends them next time, or someone changed them in AWS, which Entra's cycles never undo: they send only what changed in Entra.`,
        fix: "Provision the user on demand: Entra compares the user with what AWS holds and sends its own values. A value AWS refuses must be changed in Entra.",
        href: "/provisioning",
      };
    case "user-only-in-aws":
      return f.cause === "duplicate"
        ? {
            reason: `This user has the same email as ${f.duplicateOf}, whom Entra provisions: a stale duplicate, typically left after a user name change or an account recreated in Entra.`,
            fix: "Check that nobody signs in with it, then remove it from AWS here; its account assignments do not carry over.",
            href: null,
          }
        : f.cause === "created-by-hand"
          ? {
              reason: "The user carries no external id, so provisioning did not create it: it was made by hand in AWS, or by another tool.",
              fix: "Remove it from AWS here if nobody needs it, keep it with a reason if it is there on purpose (a break-glass user), or assign the matching Entra user to the application so that provisioning takes it over.",
              href: null,
            }
          : f.cause === "deactivated"
            ? {
                reason:
                  "The user is disabled in AWS and no longer in the application's scope: Entra deactivated it when it was unassigned or deleted in Entra, and AWS keeps disabled users until someone removes them.",
                fix: "Remove it from AWS here: it cannot sign in already, and it clutters searches and audits. Assign it again instead if the person still needs AWS.",
                href: null,
              }
            : {
                reason:
                  "The user was provisioned once but is no longer in the application's scope: unassigned, deleted in Entra, or in a group that is no longer assigned. Entra deactivates rather than deletes it.",
                fix: "Assign it again if the person still needs AWS; otherwise remove it from AWS here.",
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
            fix: "Remove it from AWS here if nobody relies on it, or keep it with a reason and manage its members there by hand.",
            href: null,
          }
        : {
            reason: "The group was provisioned once but is no longer assigned to the application, so Entra no longer updates its members.",
            fix: "Assign it again, or remove its account assignments and then remove it from AWS here.",
            href: null,
          };
    case "member-missing":
      return f.cause === "nested"
        ? {
            reason: `The user is in ${f.group} only through a nested group; Entra never provisions nested memberships, so the user lacks the AWS access the group grants.`,
            fix: "Mirror the group under Nested groups, so SSO Bridge keeps a flat copy of it that Entra provisions; or add the user to the group directly in Entra, or assign the nested group to the application.",
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
        fix: "Remove the membership from AWS here if it was added by hand (it grants the group's AWS access), or keep it with a reason.",
        href: null,
      };
    case "assignment-lost": {
      const what = f.assignment?.principalType === "GROUP" ? "group" : "user";
      return {
        reason: `This ${what} has the name of one AWS knew under another id, which held ${f.detail}: it was deleted and created again (in Entra, so provisioning made a new ${what} in AWS), and AWS access follows the id, not the name. This one does not have it.`,
        fix: `Recreate the assignment for it here if it should have the same access; the audit history says who assigned the predecessor.`,
        href: null,
      };
    }
    case "assignment-orphaned":
      return {
        reason: `AWS still holds ${f.detail} for a ${f.assignment?.principalType === "GROUP" ? "group" : "user"} the identity store no longer has (id ${f.assignment?.formerPrincipalId ?? f.awsId}): it was deleted, by provisioning or by hand.`,
        fix: "Remove the assignment here: it grants nobody anything and hides who once had access. If the principal was recreated, recreate the assignment for the new one.",
        href: null,
      };
  }
}
