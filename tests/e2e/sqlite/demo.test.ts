import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA_ADMIN } from "@/simulators/entra/tenant";
import { readEnvFile } from "@/simulators/start-simulators";
import { accessibilityViolations } from "../support/accessibility";
import { launchChromium, signInAs } from "../support/browser";
import { connectClouds, stepSection, waitForStepDone, walkFederation } from "../support/federation-walk";
import { freePort, waitForHealthy } from "../support/stack";

// The demo as a person runs it on two days: `npm run demo`, the federation setup, Ctrl+C, and
// `npm run demo` again the next morning, which finds the same tenant, app and AWS instance. Then
// the drift it plants: provisioning set up as its hint says, a scan finds every planted kind, and
// one finding of each kind SSO Bridge can fix is fixed from the Drift page, gone on the next scan.
// Last, the nested group the demo assigns is mirrored, and its nested members reach AWS.

type Demo = { baseUrl: string; env: Record<string, string>; output: () => string; stop(): Promise<void> };

let dataDir: string;
let port: number;
let browser: Browser;
let demo: Demo | undefined;

async function startDemo(): Promise<Demo> {
  let output = "";
  // Cycles every 5 s instead of 20, for the drift the demo plants after Entra's first one.
  const child: ChildProcess = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/demo.ts", "--no-build", "--cycle-seconds", "5"], {
    env: { ...process.env, PORT: String(port), SSO_BRIDGE_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  const baseUrl = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    // Ctrl+C
    child.kill("SIGINT");
    await exited;
  };
  try {
    await waitForHealthy(`${baseUrl}/api/health`, child);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${output}`);
  }
  const env = readEnvFile(path.join(dataDir, "server.env"));
  return { baseUrl, env, output: () => output, stop };
}

async function signedIn(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, demo!.baseUrl, ADA_ADMIN.displayName);
  return page;
}

beforeAll(async () => {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("no production build: run `npm run build` (npm test does) first");
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-demo-"));
  port = await freePort();
  browser = await launchChromium();
  demo = await startDemo();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const FEDERATION_STEPS = ["identity-center-instance", "aws-sp-metadata", "enterprise-app", "saml-sso", "federation-metadata", "identity-source"];

describe("the demo, stopped and started again", () => {
  let instanceText = "";

  it("is set up on the first day", async () => {
    const page = await signedIn();
    await connectClouds(page, demo!);
    await walkFederation(page, demo!);
    instanceText = (await stepSection(page, "identity-center-instance").textContent()) ?? "";
    expect(instanceText).toMatch(/ssoins-[0-9a-f]+/);
    await page.goto(`${demo!.baseUrl}/access`);
    await page.getByRole("link", { name: "New permission set" }).click();
    await page.getByRole("link", { name: /^Read only/ }).click();
    // The template fills the form first; the name is typed over it.
    await expect.poll(() => page.getByLabel("AWS managed policies").inputValue()).toBe("arn:aws:iam::aws:policy/ReadOnlyAccess");
    await page.getByLabel("Name").fill("DemoReaders");
    await page.getByRole("button", { name: "Create permission set" }).click();
    await page.getByText("Created the permission set DemoReaders.").waitFor();
    await page.context().close();
  }, 180_000);

  it("keeps its setup the next day: the same instance and app, every step done, the Access pages working", async () => {
    await demo!.stop();
    expect(fs.existsSync(path.join(dataDir, "sim", "state.json"))).toBe(true);
    demo = await startDemo();

    const page = await signedIn();
    await page.goto(`${demo.baseUrl}/setup`);
    for (const id of FEDERATION_STEPS) expect(await stepSection(page, id).getByText("Done", { exact: true }).count(), id).toBeGreaterThan(0);
    expect((await stepSection(page, "identity-center-instance").textContent())?.match(/ssoins-[0-9a-f]+/)?.[0]).toBe(
      instanceText.match(/ssoins-[0-9a-f]+/)![0],
    );
    // Read from AWS again now: the instance and the permission set made yesterday are there.
    await page.goto(`${demo.baseUrl}/access`);
    await page.getByRole("button", { name: "Check now for the permission sets" }).click();
    // Read a moment ago, and the read did not fail (a failure would follow the age).
    await expect.poll(() => page.getByTestId("reading-age").first().textContent(), { timeout: 20_000 }).toMatch(/^As of \d s ago$/);
    expect(await page.getByRole("table", { name: "Permission sets" }).textContent()).toMatch(/DemoReaders/);
    expect(await page.getByRole("main").getByRole("alert").allTextContents()).toEqual([]);
    await page.getByRole("link", { name: "Assign access" }).click();
    await page.getByRole("heading", { name: "Assign access" }).waitFor();
    expect(await page.getByRole("main").getByRole("alert").allTextContents()).toEqual([]);
  }, 180_000);
});

/** Scans from the Drift page and waits for the scan to finish. */
async function scanNow(page: Page): Promise<void> {
  await page.goto(`${demo!.baseUrl}/drift`);
  await page.getByRole("button", { name: "Scan now" }).click();
  // The progress replaces the button while the scan runs; a scan done before the page showed it leaves the button's message.
  const progress = page.getByTestId("drift-scan-progress");
  await progress
    .or(page.getByText(/^Scanning: both directories are being read\.$/))
    .first()
    .waitFor();
  await expect.poll(() => progress.count(), { timeout: 60_000, interval: 1_000 }).toBe(0);
}

/** The findings of one kind in the last complete scan, a row each. */
async function findingsOf(page: Page, kind: string) {
  await page.goto(`${demo!.baseUrl}/drift?kind=${kind}`);
  return page.getByTestId("drift-findings").locator("tbody tr");
}

/** Runs a fix whose button asks for confirmation first, and waits for the row to say it was done. */
async function confirmedFix(page: Page, row: ReturnType<Page["locator"]>, button: RegExp, done: RegExp): Promise<string> {
  let confirmation = "";
  page.once("dialog", (d) => {
    confirmation = d.message();
    void d.accept();
  });
  await row.getByRole("button", { name: button }).click();
  await row.getByText(done).waitFor({ timeout: 20_000 });
  return confirmation;
}

describe("the demo's planted drift", () => {
  it("is found once AWS Developers is provisioned, every kind with its reason; one of each fixable kind is fixed from the console and gone on the next scan", async () => {
    const page = await signedIn();
    // Provisioning as the demo's hint says: lab SCIM endpoints allowed, then the provisioning steps with AWS Developers assigned.
    await page.goto(`${demo!.baseUrl}/settings`);
    await page.getByLabel(/Allow lab SCIM endpoints/).check();
    await page.getByRole("button", { name: "Save SCIM endpoint setting" }).click();
    await page.getByText("SCIM endpoints outside AWS and on private networks are allowed.").waitFor();
    await page.goto(`${demo!.baseUrl}/setup#scim-credentials`);
    const scim = stepSection(page, "scim-credentials");
    await scim.getByLabel("SCIM endpoint").fill(demo!.env.SCIM_ENDPOINT!);
    await scim.getByLabel("Access token").fill(demo!.env.SCIM_TOKEN!);
    await scim.getByRole("button", { name: "Check and save" }).click();
    await waitForStepDone(page, "scim-credentials");
    await stepSection(page, "provisioning-job").getByRole("button", { name: "Create and configure the job" }).click();
    await waitForStepDone(page, "provisioning-job");
    const assignments = stepSection(page, "assignments");
    await assignments.getByLabel("Find users and groups").fill("AWS Developers");
    await assignments.getByRole("button", { name: "Search" }).click();
    await assignments.getByRole("checkbox", { name: /^Group AWS Developers/ }).check();
    await assignments.getByRole("button", { name: /^Assign 1 to the application/ }).click();
    await waitForStepDone(page, "assignments");
    await stepSection(page, "start-provisioning").getByRole("button", { name: "Start provisioning" }).click();
    await waitForStepDone(page, "start-provisioning");

    // Once Entra's first cycle has brought AWS Developers over, the demo edits some of it by hand in AWS.
    const planted = [
      "In scope, missing in AWS",
      "Only in a nested group",
      "Disabled in Entra, active in AWS",
      "Attributes differ",
      "User only in AWS",
      "Needs a second look",
      "Group renamed",
      "Group only in AWS",
      "Membership missing in AWS",
      "Membership only in AWS",
      "AWS access lost on recreation",
      "Assignment to a deleted principal",
    ];
    const summary = page.getByTestId("drift-summary");
    await expect
      .poll(
        async () => {
          await scanNow(page);
          const text = (await summary.textContent()) ?? "";
          return planted.filter((title) => !text.includes(`${title} (`));
        },
        { timeout: 120_000, interval: 1_000 },
      )
      .toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Only AWS has them: a hand-made user and group go, another user stays on purpose, and so do a membership and an assignment naming nobody.
    let rows = await findingsOf(page, "member-only-in-aws");
    const membership = rows.filter({ hasText: "handmade.user1" });
    expect(await confirmedFix(page, membership, /^Remove from AWS: handmade\.user1's membership of /, /Removed from AWS by /)).toContain(
      "They lose the AWS access the group grants.",
    );
    rows = await findingsOf(page, "user-only-in-aws");
    await confirmedFix(page, rows.filter({ hasText: "handmade.user2" }), /^Remove from AWS: handmade\.user2$/, /Removed from AWS by /);
    const kept = rows.filter({ hasText: "handmade.user1" });
    await kept.getByText("Keep it…").click();
    await kept.getByLabel("Why handmade.user1 stays in AWS").fill("The service desk's test account");
    await kept.getByRole("button", { name: "Keep", exact: true }).click();
    await kept.getByText(/Kept in AWS on purpose by /).waitFor();
    rows = await findingsOf(page, "group-only-in-aws");
    await confirmedFix(page, rows.filter({ hasText: "Hand-made group 1" }), /^Remove from AWS: Hand-made group 1$/, /Removed from AWS by /);
    rows = await findingsOf(page, "assignment-orphaned");
    const orphaned = rows.filter({ hasText: "LegacyOperators" }).first();
    const orphanedId = ((await orphaned.locator("td").nth(1).textContent()) ?? "").trim();
    await confirmedFix(page, orphaned, /^Remove from AWS: LegacyOperators in account \d+ for /, /Removed from AWS by /);

    // The person recreated in Entra gets back the access SSO Bridge gave their predecessor, once confirmed.
    rows = await findingsOf(page, "assignment-lost");
    const lost = rows.filter({ hasText: "drift.recreated1@" });
    expect(await lost.textContent()).toContain("DriftReviewers");
    const question = await confirmedFix(
      page,
      lost,
      /^Recreate the assignment: DriftReviewers in account \d+ for drift\.recreated1@/,
      /Assignment recreated by /,
    );
    expect(question).toMatch(/^Give drift\.recreated1@\S+ DriftReviewers in account \d+, as the user of the same name had\?/);

    // A value changed in the AWS console: provisioning the user on demand puts Entra's back.
    rows = await findingsOf(page, "user-attributes");
    const edited = rows.filter({ hasText: "Changed in the AWS console" }).first();
    const editedUser = ((await edited.getByRole("link").first().textContent()) ?? "").trim();
    expect(editedUser).toContain("@");
    await edited.getByRole("button", { name: `Provision now: ${editedUser}` }).click();
    await page.getByText("Provisioned: AWS has the user now; the next scan shows it.").waitFor({ timeout: 20_000 });

    // The next scan no longer finds what was fixed; the kept user is listed as kept, with why. The
    // recreated assignment is made in the background: scanned again until AWS has it.
    const remaining = async (kind: string, text: string) => (await (await findingsOf(page, kind)).filter({ hasText: text }).count()) > 0;
    await expect
      .poll(
        async () => {
          await scanNow(page);
          const left = [];
          for (const [kind, text] of [
            ["member-only-in-aws", "handmade.user1"],
            ["user-only-in-aws", "handmade.user2"],
            ["user-only-in-aws", "handmade.user1"],
            ["group-only-in-aws", "Hand-made group 1"],
            ["assignment-orphaned", orphanedId],
            ["assignment-lost", "drift.recreated1@"],
            ["user-attributes", editedUser],
          ] as const)
            if (await remaining(kind, text)) left.push(`${kind} ${text}`);
          return left;
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toEqual([]);
    await page.goto(`${demo!.baseUrl}/drift`);
    expect(await page.getByTestId("drift-kept").textContent()).toContain("The service desk's test account");
    // What was not fixed is still found: the second of each.
    expect(await (await findingsOf(page, "group-only-in-aws")).filter({ hasText: "Hand-made group 2" }).count()).toBe(1);
    expect(await (await findingsOf(page, "assignment-lost")).filter({ hasText: "drift.recreated2@" }).count()).toBe(1);
    await page.context().close();
  }, 300_000);
});

describe("the demo's nested groups", () => {
  it("shows who nesting keeps out of AWS; mirroring the group brings them over with Entra's next cycle", async () => {
    const page = await signedIn();
    await page.goto(`${demo!.baseUrl}/nested-groups`);
    const row = page.getByRole("row").filter({ hasText: "AWS Developers" });
    const peopleOnlyNesting = Number((await row.locator("td").nth(2).textContent())?.trim());
    expect(peopleOnlyNesting).toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    let question = "";
    page.once("dialog", (d) => {
      question = d.message();
      void d.accept();
    });
    await row.getByLabel("Assign the mirror in place of the group").check();
    await row.getByRole("button", { name: "Mirror this group: AWS Developers" }).click();
    // The page shows the mirror in the group's row once it exists.
    await row.getByText("AWS Developers (AWS)").waitFor({ timeout: 20_000 });
    expect(question).toMatch(/^Create “AWS Developers \(AWS\)” in Entra with everyone “AWS Developers” reaches through nesting/);
    expect(question).toContain("Once Entra has brought the mirror to AWS, SSO Bridge gives it the AWS access assigned to “AWS Developers” there");

    const mirror = page.getByRole("listitem", { name: "Mirror of AWS Developers" });
    const mirrorCard = async () => {
      await page.goto(`${demo!.baseUrl}/nested-groups`);
      return (await mirror.textContent()) ?? "";
    };
    await expect
      .poll(mirrorCard, { timeout: 60_000, interval: 1_000 })
      .toMatch(/Kept current.*Mirrors “AWS Developers”: [1-9]\d* members, from \d+ groups\. Last run: .* UTC, [1-9]\d* added, 0 removed/);

    // Entra's next cycle provisions the mirror: nobody reaches the application only through nesting any more.
    await expect
      .poll(
        async () => {
          await scanNow(page);
          return (await findingsOf(page, "user-nested-only")).count();
        },
        { timeout: 120_000, interval: 1_000 },
      )
      .toBe(0);
    // The first run that finds the mirror in AWS hands it the source's place, with the source's AWS access.
    await page.goto(`${demo!.baseUrl}/nested-groups`);
    await page.getByRole("button", { name: "Sync now" }).click();
    await expect.poll(mirrorCard, { timeout: 60_000, interval: 1_000 }).toContain("Assigned in place of “AWS Developers”, with its AWS access");
    // As a person sees it: the (simulated) AWS console lists the mirror's group.
    await page.goto(`${demo!.env.AWS_CONSOLE_URL}/singlesignon/home?region=${demo!.env.AWS_REGION}`);
    expect(await page.getByRole("region", { name: "Users and groups" }).textContent()).toContain("AWS Developers (AWS)");
    await page.context().close();
  }, 300_000);
});
