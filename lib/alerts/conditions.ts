import type { ProvisioningStatus } from "../provisioning/provisioning-status";

// Which alert conditions hold now, from the provisioning status and the signing certificate's
// countdown. Pure, so the thresholds are tested without a database or a cloud.

export const ALERT_SEVERITIES = ["warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** `family` groups the thresholds of one countdown: crossing a nearer one supersedes the farther one. */
export type AlertCondition = { key: string; family: string; severity: AlertSeverity; message: string };

export type AlertFacts = {
  provisioning: ProvisioningStatus;
  federationCertificate: { notAfter: Date; daysLeft: number } | null;
  now: Date;
};

export const TOKEN_THRESHOLDS = [30, 14, 7, 1] as const;
export const CERTIFICATE_THRESHOLDS = [60, 30, 7] as const;

export function alertConditions(f: AlertFacts): AlertCondition[] {
  return [...tokenConditions(f.provisioning), ...certificateConditions(f.federationCertificate), ...jobConditions(f.provisioning)];
}

function tokenConditions(p: ProvisioningStatus): AlertCondition[] {
  if (!p.token) return [];
  const { daysLeft, expiresAt } = p.token;
  const family = "scim-token-expiry";
  if (daysLeft < 0) {
    return [
      {
        key: `${family}:expired`,
        family,
        severity: "critical",
        message: `The SCIM token expired on ${day(expiresAt)}: AWS refuses every provisioning change until a new token is rotated in (Provisioning → Rotate SCIM token).`,
      },
    ];
  }
  const threshold = nearestThreshold(TOKEN_THRESHOLDS, daysLeft);
  if (threshold === null) return [];
  return [
    {
      key: `${family}:${threshold}`,
      family,
      severity: threshold <= 7 ? "critical" : "warning",
      message: `The SCIM token expires in ${daysLeft} ${daysLeft === 1 ? "day" : "days"} (${day(expiresAt)}). Generate a new one in the AWS console and rotate it in (Provisioning → Rotate SCIM token) before then.`,
    },
  ];
}

function certificateConditions(c: AlertFacts["federationCertificate"]): AlertCondition[] {
  if (!c) return [];
  const family = "signing-certificate-expiry";
  if (c.daysLeft < 0) {
    return [
      {
        key: `${family}:expired`,
        family,
        severity: "critical",
        message: `The Entra signing certificate expired on ${day(c.notAfter)}: sign-in to AWS fails until a new certificate is active and its metadata is uploaded to AWS.`,
      },
    ];
  }
  const threshold = nearestThreshold(CERTIFICATE_THRESHOLDS, c.daysLeft);
  if (threshold === null) return [];
  return [
    {
      key: `${family}:${threshold}`,
      family,
      severity: threshold <= 7 ? "critical" : "warning",
      message: `The Entra signing certificate expires in ${c.daysLeft} ${c.daysLeft === 1 ? "day" : "days"} (${day(c.notAfter)}). Roll it over in Entra and upload the new metadata to AWS before then.`,
    },
  ];
}

function jobConditions(p: ProvisioningStatus): AlertCondition[] {
  const out: AlertCondition[] = [];
  // During setup a created job waits, paused, for the step that starts it: that is no incident.
  if (p.state === "in-progress" || p.state === "not-configured") return out;
  if (p.jobCode === "Quarantine") {
    out.push({
      key: "provisioning-quarantine",
      family: "provisioning-quarantine",
      severity: "critical",
      message: "Entra quarantined the provisioning job after repeated failures: changes in Entra no longer reach AWS.",
    });
  }
  if (p.lastCycle?.state === "Failed") {
    out.push({
      key: "provisioning-failures",
      family: "provisioning-failures",
      severity: "critical",
      message: `The last provisioning cycle failed: ${p.lastCycle.reason ?? p.lastCycle.error ?? "no reason given"}.`,
    });
  }
  // A job that no longer exists shows as broken with no job code.
  const missing = p.state === "broken" && p.jobCode === null;
  if (p.jobCode === "Paused" || missing) {
    out.push({
      key: "provisioning-stopped",
      family: "provisioning-stopped",
      severity: "warning",
      message: missing
        ? "The provisioning job no longer exists in Entra: nothing reaches AWS."
        : "The provisioning job is paused: changes in Entra do not reach AWS.",
    });
  }
  return out;
}

/** The nearest threshold already crossed (the smallest one at or above daysLeft), or null if none. */
function nearestThreshold(thresholds: readonly number[], daysLeft: number): number | null {
  const crossed = thresholds.filter((t) => daysLeft <= t);
  return crossed.length ? Math.min(...crossed) : null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
