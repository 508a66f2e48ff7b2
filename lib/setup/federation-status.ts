import { federationCertificateCountdown, type CertificateCountdown } from "../federation/configured-parts";
import { CERTIFICATE_WARNING_DAYS } from "./certificate-policy";
import { latestFederationCheck } from "./federation-check";
import { readFederationConfig } from "../federation/federation-config";
import { currentEvidence, type Evidence } from "./sign-in-proof";
import type { StepData } from "./step-data";
import { doneStepData, readStoredSteps } from "./step-store";
import { FEDERATION_STEP_IDS as STEP_IDS, stepHref, STEPS, type StepId } from "./step-definitions";

// What the Federation card says, from the wizard's progress, the configured signing certificate
// and the newest consistency check. The same evaluation serves the overview page and the status CLI.

// "unverified": everything matches, but no sign-in has proven that AWS trusts Entra (at most a
// person's word, and AWS accepting the SCIM token, say that its identity source changed).
export type FederationState = "not-configured" | "in-progress" | "unverified" | "configured" | "degraded" | "broken";

export type FederationStatus = {
  state: FederationState;
  stepsDone: number;
  stepsTotal: number;
  lastVerifiedAt: Date | null;
  certificate: CertificateCountdown | null;
  firstProblem: { message: string; href: string } | null;
  /** who confirmed the identity source change, when AWS showed it was made, and what has proven sign-in since; null before that step */
  proof: { confirmedBy: string; confirmedAt: Date; changeVerifiedAt: Date | null; evidence: Evidence | null } | null;
};

export const SIGN_IN_TEST_HREF = "/setup#sign-in-test";

/** Who confirmed the identity source change, when AWS showed it was made, and what has proven sign-in since; null before that step. */
export async function federationProof(): Promise<FederationStatus["proof"]> {
  const [{ identitySource }, steps] = await Promise.all([readFederationConfig(), readStoredSteps()]);
  if (!identitySource) return null;
  return {
    confirmedBy: identitySource.confirmedByLabel,
    confirmedAt: identitySource.confirmedAt,
    changeVerifiedAt: changeVerifiedAt(doneStepData(steps, "scim-credentials"), identitySource.confirmedAt),
    evidence: await currentEvidence(),
  };
}

// AWS offers automatic provisioning, and accepts a SCIM token, only once an external identity
// provider is the identity source: a token AWS accepted after the change was confirmed shows that
// it was made. (Confirming the change again sends the SCIM step back to run again.)
function changeVerifiedAt(scim: StepData<"scim-credentials"> | null, confirmedAt: Date): Date | null {
  const checkedAt = scim ? new Date(scim.checkedAt) : null;
  return checkedAt && checkedAt >= confirmedAt ? checkedAt : null;
}

export async function federationStatus(now = new Date()): Promise<FederationStatus> {
  const steps = await readStoredSteps();
  const doneIds = STEP_IDS.filter((id) => steps.get(id)?.status === "done");
  const base = { stepsDone: doneIds.length, stepsTotal: STEP_IDS.length };
  const latest = await latestFederationCheck();
  const certificate = await federationCertificateCountdown(now);
  const proof = await federationProof();

  if (doneIds.length < STEP_IDS.length) {
    const next = STEP_IDS.find((id) => steps.get(id)?.status !== "done") as StepId;
    const stored = steps.get(next);
    const notStarted = doneIds.length === 0 && !stored;
    return {
      ...base,
      state: notStarted ? "not-configured" : "in-progress",
      lastVerifiedAt: latest?.checkedAt ?? null,
      certificate,
      proof,
      firstProblem: {
        message: stored?.status === "failed" && stored.problem ? `${STEPS[next].title}: ${stored.problem}` : `Next step: ${STEPS[next].title}.`,
        // Nothing started: the top of Setup, where connecting the clouds comes first when they are not yet.
        href: notStarted ? "/setup" : stepHref(next),
      },
    };
  }

  const findings = latest?.findings ?? [];
  const errors = findings.filter((f) => f.severity === "error");
  const warnings = findings.filter((f) => f.severity === "warning");
  const first = errors[0] ?? warnings[0];
  let state: FederationState = errors.length ? "broken" : warnings.length || !latest ? "degraded" : "configured";
  let firstProblem = first ? { message: first.message, href: stepHref(first.step) } : null;
  if (certificate && certificate.daysLeft < 0 && state !== "broken") {
    state = "broken";
    firstProblem = { message: `The signing certificate expired on ${certificate.notAfter.toISOString().slice(0, 10)}.`, href: stepHref("saml-sso") };
  } else if (certificate && certificate.daysLeft <= CERTIFICATE_WARNING_DAYS && state === "configured") {
    state = "degraded";
    firstProblem = { message: `The signing certificate expires in ${certificate.daysLeft} days.`, href: stepHref("saml-sso") };
  }
  if (!latest) firstProblem = { message: "The federation has not been verified yet. Run the consistency check.", href: "/setup#check" };
  else if (state === "configured" && !proof?.evidence) {
    state = "unverified";
    firstProblem = {
      message: proof?.changeVerifiedAt
        ? "AWS accepts the SCIM token, so its identity source is an external identity provider, but no sign-in has proven that it trusts this application: run a test sign-in."
        : `${proof ? `Confirmed by ${proof.confirmedBy}, not` : "Not"} proven by a sign-in: run a test sign-in.`,
      href: SIGN_IN_TEST_HREF,
    };
  }
  return { ...base, state, lastVerifiedAt: latest?.checkedAt ?? null, certificate, firstProblem, proof };
}
