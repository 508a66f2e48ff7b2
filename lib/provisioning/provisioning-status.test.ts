import { describe, expect, it } from "vitest";
import type { JobStatus, ProvisioningJob } from "../entra/provisioning-job";
import { evaluateProvisioning, type ProvisioningFacts } from "./provisioning-status";

const now = new Date("2026-11-29T12:00:00Z");
const DAY = 86_400_000;

function job(status: Partial<JobStatus>): ProvisioningJob {
  return {
    id: "aWSSingleSignon.t.a",
    templateId: "aWSSingleSignon",
    scheduleInterval: "PT40M",
    state: "Active",
    status: {
      code: "Active",
      lastExecution: {
        activityIdentifier: "run-1",
        state: "Succeeded",
        timeBegan: new Date(now.getTime() - 60_000),
        timeEnded: now,
        countEntitled: 12,
        countExported: 12,
        countEscrowed: 0,
        error: null,
      },
      lastSuccessfulExecution: null,
      quarantine: null,
      countSuccessiveCompleteFailures: 0,
      steadyStateFirstAchievedTime: now,
      synchronizedEntryCountByType: [
        { key: "User", value: 10 },
        { key: "Group", value: 2 },
      ],
      troubleshootingUrl: null,
      ...status,
    },
  };
}

const facts = (f: Partial<ProvisioningFacts>): ProvisioningFacts => ({
  stepsDone: 4,
  stepsTotal: 4,
  nextStep: null,
  job: job({}),
  tokenExpiresAt: new Date(now.getTime() + 300 * DAY),
  now,
  ...f,
});

/** The status after a cycle that failed as a whole, with Entra's message. */
function failedCycle(message: string) {
  return evaluateProvisioning(
    facts({
      job: job({
        lastExecution: {
          ...job({}).status.lastExecution!,
          state: "Failed",
          countEscrowed: 0,
          error: { code: "SystemForCrossDomainIdentityManagementServiceFailure", message },
        },
      }),
    }),
  );
}

describe("the Provisioning card's evaluation", () => {
  it("is healthy after a successful cycle, with what was provisioned", () => {
    expect(evaluateProvisioning(facts({}))).toMatchObject({
      state: "healthy",
      provisioned: { users: 10, groups: 2 },
      token: { daysLeft: 300 },
      firstProblem: null,
    });
  });

  it("leads to the next step while setup is unfinished", () => {
    expect(
      evaluateProvisioning(facts({ stepsDone: 0, job: undefined, nextStep: { title: "SCIM endpoint and token", href: "/setup#scim-credentials" } })),
    ).toMatchObject({
      state: "not-configured",
      firstProblem: { message: "Next step: SCIM endpoint and token.", href: "/setup#scim-credentials" },
    });
    expect(evaluateProvisioning(facts({ stepsDone: 2, job: undefined, nextStep: { title: "Users and groups", href: "/setup#assignments" } })).state).toBe(
      "in-progress",
    );
  });

  it("is broken when the job is quarantined, naming Entra's reason", () => {
    const status = evaluateProvisioning(
      facts({
        job: job({
          code: "Quarantine",
          quarantine: { reason: "EncounteredQuarantineException", since: now, nextAttempt: null, error: "SCIM endpoint refused the credentials" },
        }),
      }),
    );
    expect(status).toMatchObject({
      state: "broken",
      firstProblem: { message: expect.stringContaining("SCIM endpoint refused the credentials"), href: "/provisioning#log" },
    });
  });

  it("says the token was rejected, linking to its rotation, when AWS answered 401 in the last cycle, whatever its expiry says", () => {
    const rejected = {
      activityIdentifier: "run-2",
      state: "Failed",
      timeBegan: now,
      timeEnded: now,
      countEntitled: 0,
      countExported: 0,
      countEscrowed: 0,
      error: {
        code: "SystemForCrossDomainIdentityManagementInvalidCredentials",
        message:
          "Failed to connect to the target application. GET https://scim.eu-west-1.amazonaws.com/t/scim/v2/Users?filter=… returned HTTP 401: unauthorized",
      },
    };
    const status = evaluateProvisioning(facts({ job: job({ lastExecution: rejected }), tokenExpiresAt: new Date(now.getTime() + 20 * DAY) }));
    expect(status).toMatchObject({ state: "broken", token: { rejected: true }, firstProblem: { href: "/provisioning#scim-token" } });
    expect(status.firstProblem!.message).toMatch(/^The last cycle failed\. AWS rejected the SCIM token/);
    expect(status.firstProblem!.message).not.toMatch(/HTTP 401|expires in/);
  });

  it("links a fix found on the Provisioning page to its part there, never to the page as a whole", () => {
    expect(evaluateProvisioning(facts({ job: job({ code: "Paused" }) })).firstProblem).toMatchObject({ href: "/provisioning#job-controls" });
    const quarantined = evaluateProvisioning(
      facts({ job: job({ code: "Quarantine", quarantine: { reason: "EncounteredQuarantineException", since: now, nextAttempt: null, error: "Boom." } }) }),
    );
    expect(quarantined.firstProblem).toEqual({
      message: "Entra quarantined the job. Boom. Fix the cause, then restart the job (Job controls on the Provisioning page).",
      href: "/provisioning#log",
    });
  });

  it("tells an unreachable endpoint and throttling apart from a rejected token", () => {
    expect(failedCycle("GET https://scim.eu-west-1.amazonaws.com/t/scim/v2/Users returned no response: ECONNREFUSED").firstProblem).toMatchObject({
      message: expect.stringMatching(/could not reach the SCIM endpoint/),
      href: "/setup#scim-credentials",
    });
    expect(failedCycle("HTTP 429 TooManyRequests").firstProblem!.message).toMatch(/AWS throttled/);
    expect(failedCycle("HTTP 429 TooManyRequests").token?.rejected ?? false).toBe(false);
  });

  it("says why a cycle failed once, in readable words: no URL-encoding, no repeated raw error", () => {
    const other = failedCycle(
      "GET https://scim.eu-west-1.amazonaws.com/t/scim/v2/Users?filter=userName%20eq%20%22ada%40contoso.example%22 returned HTTP 500: InternalFailure.",
    );
    expect(other.lastCycle).toMatchObject({
      reason: null,
      error: 'GET https://scim.eu-west-1.amazonaws.com/t/scim/v2/Users?filter=userName eq "ada@contoso.example" returned HTTP 500: InternalFailure',
    });
    expect(other.firstProblem!.message).toBe(
      'The last cycle failed. GET https://scim.eu-west-1.amazonaws.com/t/scim/v2/Users?filter=userName eq "ada@contoso.example" returned HTTP 500: InternalFailure.',
    );
    const rejected = failedCycle("GET https://scim.eu-west-1.amazonaws.com/t/scim/v2/Users returned HTTP 401: Unauthorized");
    expect(rejected.lastCycle?.reason).toBe("AWS rejected the SCIM token");
  });

  it("warns from 30 days before the SCIM token expires, and is broken once it has", () => {
    expect(evaluateProvisioning(facts({ tokenExpiresAt: new Date(now.getTime() + 30 * DAY + 1000) }))).toMatchObject({
      state: "degraded",
      // Rotated in place on the Provisioning page, not by running setup again.
      firstProblem: { href: "/provisioning#scim-token" },
    });
    expect(evaluateProvisioning(facts({ tokenExpiresAt: new Date(now.getTime() + 31 * DAY + 1000) })).state).toBe("healthy");
    expect(evaluateProvisioning(facts({ tokenExpiresAt: new Date(now.getTime() - DAY) }))).toMatchObject({
      state: "broken",
      firstProblem: { message: expect.stringMatching(/expired/) },
    });
  });

  it("is degraded when paused or when some objects failed", () => {
    expect(evaluateProvisioning(facts({ job: job({ code: "Paused" }) })).firstProblem?.message).toMatch(/paused/);
    const partly = evaluateProvisioning(
      facts({
        job: job({
          lastExecution: {
            activityIdentifier: "run-2",
            state: "EntryLevelErrors",
            timeBegan: now,
            timeEnded: now,
            countEntitled: 3,
            countExported: 2,
            countEscrowed: 1,
            error: null,
          },
        }),
      }),
    );
    expect(partly).toMatchObject({
      state: "degraded",
      lastCycle: { exported: 2, failed: 1 },
      firstProblem: { message: expect.stringMatching(/^1 user or group failed in the last cycle/), href: "/provisioning?outcome=failure#log" },
    });
  });

  it("is broken when the job was deleted behind SSO Bridge's back", () => {
    expect(evaluateProvisioning(facts({ job: null })).state).toBe("broken");
  });
});
