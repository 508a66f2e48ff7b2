import type { ProvisioningLogEntry } from "../entra/provisioning-logs";

// Why AWS refused a user or group, in plain words, with what to change. Entra's error code decides
// first (SystemForCrossDomainIdentityManagement… wraps the SCIM status AWS answered with); AWS's own
// detail, which Entra quotes in the reason, then tells the 400s apart. Unknown failures get no
// explanation: the page shows Entra's reason and recommended action as they are.

export type Explainable = Pick<ProvisioningLogEntry, "status" | "errorCode" | "errorReason" | "source" | "steps">;
export type Explanation = { summary: string; fix: string };

const SCIM = "SystemForCrossDomainIdentityManagement";

const ATTRIBUTES: Record<string, string> = {
  givenname: "first name (givenName)",
  familyname: "last name (surname)",
  displayname: "display name",
  username: "user name (userPrincipalName)",
};

export function explainProvisioningError(entry: Explainable): Explanation | null {
  if (entry.status !== "failure" && entry.status !== "warning") return membersLeftOut(entry);
  const code = entry.errorCode ?? "";
  const reason = entry.errorReason ?? "";
  const who = describe(entry);
  if (code === `${SCIM}InvalidCredentials` || (!code && /\b401\b|Unauthorized/i.test(reason))) return credentials();
  if (code === `${SCIM}Throttled` || (!code && /\b429\b|too many requests/i.test(reason))) return throttled();
  if (/EntryConflict$|^DuplicateTargetEntries$/.test(code) || (!code && /\b409\b|already exists|duplicate/i.test(reason))) return conflict(who);
  if (code === "SchemaPropertyCanOnlyAcceptValue") return multiValued(who, null);
  if (code === `${SCIM}BadRequest` || !code) return fromReason(who, reason);
  return null;
}

function fromReason(who: string, reason: string): Explanation | null {
  const required = /\b(?:name\.)?(givenName|familyName|displayName|userName)\b(?: and name\.(familyName))? (?:is|are) required/i.exec(reason);
  if (required) {
    const missing = [required[1], required[2]].filter((a): a is string => !!a).map((a) => ATTRIBUTES[a.toLowerCase()] ?? a);
    return {
      summary: `AWS refused ${who} because the ${missing.join(" or the ")} is empty. IAM Identity Center requires a first name, last name, display name and user name for every user.`,
      fix: `Fill in the ${missing.join(" and the ")} in Entra, or give the attribute mapping a default value, then provision the user on demand or wait for the next cycle.`,
    };
  }
  const multiple = /Multiple values for (\w+)/i.exec(reason);
  if (multiple || /multi-?valued/i.test(reason)) return multiValued(who, multiple?.[1] ?? null);
  if (/characters? (?:that are )?not allowed|invalid character/i.test(reason)) {
    return {
      summary: `AWS refused ${who} because an attribute holds a character IAM Identity Center does not accept (a tab, line break or other control character).`,
      fix: "Remove the character from the user's attributes in Entra (often pasted into a job title, department or address), then provision the user on demand.",
    };
  }
  if (/maximum of \d+ (?:members|membership changes)/i.test(reason)) {
    return {
      summary: `AWS refused a change to the members of ${who}: IAM Identity Center accepts at most 100 membership changes per request.`,
      fix: "Entra retries the group in the next cycle. If it keeps failing, split the group into smaller groups or restart the job with the Watermark scope so members are sent afresh.",
    };
  }
  return null;
}

function credentials(): Explanation {
  return {
    summary: "AWS rejected the SCIM access token: it has expired (tokens last one year) or was revoked in the IAM Identity Center console.",
    fix: "Generate a new access token in IAM Identity Center (Settings → Automatic provisioning), paste it in the setup step “SCIM endpoint and token”, then restart the job with the QuarantineState scope.",
  };
}

function throttled(): Explanation {
  return {
    summary: "AWS throttled the provisioning service (HTTP 429): too many requests reached the SCIM endpoint at once.",
    fix: "Nothing to change: Entra retries in the next cycle. If it persists on a large tenant, avoid restarting the job repeatedly and let the cycles finish.",
  };
}

function conflict(who: string): Explanation {
  return {
    summary: `AWS already has a user or group with the same unique name as ${who} (HTTP 409), one that Entra did not create or cannot match.`,
    fix: "In the IAM Identity Center console, delete or rename the existing user or group (or remove the duplicate from Entra's scope), then provision on demand.",
  };
}

function multiValued(who: string, attribute: string | null): Explanation {
  return {
    summary: `AWS refused ${who} because ${attribute ? `${attribute} has` : "an attribute has"} several values; IAM Identity Center accepts one email, address and phone number per user.`,
    fix: "Map a single value (for example the primary email) to the attribute in the app's attribute mappings, or leave one value in Entra, then provision the user on demand.",
  };
}

/** A group whose members Entra left out: nested groups, or users not (yet) provisioned to AWS. */
function membersLeftOut(entry: Explainable): Explanation | null {
  const left = Math.max(0, ...entry.steps.map((s) => Number(s.details.MembersNotProvisioned ?? 0)).filter(Number.isFinite));
  if (left === 0) return null;
  return {
    summary: `${left} member${left === 1 ? " of" : "s of"} ${describe(entry)} did not reach AWS. Entra provisions only direct members that are users provisioned to AWS; members of nested groups are left out.`,
    fix: "Assign the nested groups (or their users) to the enterprise application directly, and check the log for the member users' own failures.",
  };
}

function describe(entry: Explainable): string {
  const kind = entry.source.type.toLowerCase() === "group" ? "the group" : "the user";
  return entry.source.displayName ? `${kind} “${entry.source.displayName}”` : kind;
}
