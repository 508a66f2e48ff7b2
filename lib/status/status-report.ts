import { utcMinutes } from "../utc-time";
import type { ProvisioningState, ProvisioningStatus } from "../provisioning/provisioning-status";
import type { FederationState, FederationStatus } from "../setup/federation-status";

// What `npm run cli -- status` says and exits with, from the overview cards' own evaluations: one
// line per area for people, one JSON object for monitoring. Pure, so the rules are tested here.

export type Problem = { message: string; href: string };

/** The card's status, or "unknown" when Graph could not tell us about the job. */
export type ProvisioningReading = ProvisioningStatus | { state: "unknown"; errorCode: string; firstProblem: Problem };

export type ExitCode = 0 | 1 | 2;

export type StatusReport = {
  exitCode: ExitCode;
  lines: string[];
  /** Dates stay Date objects; JSON.stringify writes them as ISO strings. */
  json: { federation: FederationStatus; provisioning: ProvisioningReading; exitCode: ExitCode };
};

// 1 asks for attention while things still work; 2 means sign-in or provisioning is not working
// (or not set up), which a monitor should treat as down.
const exitCodeOf: Record<FederationState | ProvisioningState | "unknown", ExitCode> = {
  configured: 0,
  healthy: 0,
  degraded: 1,
  unverified: 1,
  unknown: 1,
  broken: 2,
  "not-configured": 2,
  "in-progress": 2,
};

export function statusReport(federation: FederationStatus, provisioning: ProvisioningReading): StatusReport {
  const exitCode = Math.max(exitCodeOf[federation.state], exitCodeOf[provisioning.state]) as ExitCode;
  const lines = [
    line("federation", federation.state, federationFacts(federation), federation.firstProblem),
    line("provisioning", provisioning.state, provisioningFacts(provisioning), provisioning.firstProblem),
  ];
  return { exitCode, lines, json: { federation, provisioning, exitCode } };
}

function line(area: string, state: string, facts: string[], problem: Problem | null): string {
  const details = [facts.join(", "), problem ? `${problem.message} → ${problem.href}` : ""].filter(Boolean).join("; ");
  return `${area.padEnd(13)}${state.padEnd(15)}${details}`.trimEnd();
}

function federationFacts(f: FederationStatus): string[] {
  const facts = [`${f.stepsDone}/${f.stepsTotal} steps`, f.lastVerifiedAt ? `last checked ${time(f.lastVerifiedAt)}` : "never checked"];
  if (f.certificate)
    facts.push(
      f.certificate.daysLeft < 0
        ? `certificate expired on ${day(f.certificate.notAfter)}`
        : `certificate expires in ${f.certificate.daysLeft} days (${day(f.certificate.notAfter)})`,
    );
  // A proven sign-in says all the identity source change's verification would.
  if (f.proof?.evidence) facts.push(`sign-in proven ${time(f.proof.evidence.observedAt)}`);
  else if (f.proof)
    facts.push(
      f.proof.changeVerifiedAt ? `identity source change verified ${time(f.proof.changeVerifiedAt)}` : "identity source change only confirmed",
      "sign-in not proven",
    );
  return facts;
}

function provisioningFacts(p: ProvisioningReading): string[] {
  if (p.state === "unknown") return [];
  const facts: string[] = [];
  if (p.jobCode) facts.push(`job ${p.jobCode}`);
  if (p.lastCycle)
    facts.push(
      `last cycle ${p.lastCycle.state}${p.lastCycle.endedAt ? ` ${time(p.lastCycle.endedAt)}` : ""}${p.lastCycle.failed ? ` with ${p.lastCycle.failed} failed` : ""}`,
    );
  else if (p.jobCode) facts.push("no cycle yet");
  if (p.provisioned) facts.push(`${p.provisioned.users} users and ${p.provisioned.groups} groups in AWS`);
  if (p.token)
    facts.push(
      p.token.rejected
        ? "SCIM token rejected by AWS in the last cycle"
        : p.token.daysLeft < 0
          ? `SCIM token expired on ${day(p.token.expiresAt)}`
          : `SCIM token expires in ${p.token.daysLeft} days (${day(p.token.expiresAt)})`,
    );
  return facts;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const time = (d: Date) => `${utcMinutes(d)} UTC`;
