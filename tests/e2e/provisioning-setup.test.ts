import http from "node:http";
import type { AddressInfo } from "node:net";
import { IdentitystoreClient, ListUsersCommand } from "@aws-sdk/client-identitystore";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import type { SsoAdminState } from "@/simulators/aws/sso-admin/state";
import { addTokenSigningCertificate } from "@/simulators/entra/graph/signing-certificate";
import { ADA_ADMIN } from "@/simulators/entra/tenant";
import { accessibilityViolations } from "./support/accessibility";
import { cspViolations, launchChromium, signInAs } from "./support/browser";
import { changeIdentitySourceInConsole, connectClouds, stepSection, waitForStepDone, walkFederation } from "./support/federation-walk";
import { startStack, type Stack } from "./support/stack";
import { createEmptyDatabase, testProvider, type TestDatabase } from "../support/databases";

// An admin configures provisioning in the browser, starts it, sees the users in AWS and a green
// Provisioning card; then AWS revokes the token and the card turns red with the reason, and the
// team's webhook (a local HTTP receiver standing in for Slack or Teams) hears about it. The webhook
// also receives the audit anchors, which it is sent when an admin verifies the chain.

let database: TestDatabase;
let stack: Stack;
let browser: Browser;
let page: Page;
let receiver: http.Server;
const received: { event: string; key: string }[] = [];
const anchors: { type: string; seq: number; hash: string }[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const body = JSON.parse(text) as { event: string; alert: { key: string } } | { type: "audit-anchor"; seq: number; hash: string };
      if ("type" in body) anchors.push(body);
      else received.push({ event: body.event, key: body.alert.key });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  database = await createEmptyDatabase();
  stack = await startStack({ databaseUrl: database.url, sim: { cycleSeconds: 3 }, env: { SSO_BRIDGE_MONITOR_INTERVAL_SECONDS: "10" } });
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  await signInAs(page, stack.baseUrl, ADA_ADMIN.displayName);
  await connectClouds(page, stack);
  // Step 6 ticked without the change in the AWS console, as happens when a person confirms too early.
  await walkFederation(page, stack, { changeInAws: false });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await database?.drop();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

async function provisioningCardState(): Promise<string | null> {
  await page.goto(`${stack.baseUrl}/`);
  const card = page.getByTestId("provisioning-card");
  await card.waitFor();
  return card.getAttribute("data-state");
}

async function openAccessPortal(): Promise<Page> {
  await page.goto(`${stack.baseUrl}/setup#sign-in-test`);
  const [portal] = await Promise.all([page.waitForEvent("popup"), page.getByRole("link", { name: /Open the AWS access portal/ }).click()]);
  await portal.waitForLoadState();
  return portal;
}

async function signInAtEntra(portal: Page, userPrincipalName: string): Promise<void> {
  await portal.getByLabel("Username").fill(userPrincipalName);
  await portal.getByRole("button", { name: "Sign in" }).click();
}

/** Pastes a captured SAMLResponse into the inspector on the Setup page and runs it. */
async function inspect(samlResponse: string): Promise<void> {
  expect(samlResponse).not.toBe("");
  await page.getByLabel("SAMLResponse").fill(samlResponse);
  await page.getByRole("button", { name: "Inspect", exact: true }).click();
  await page.getByTestId("saml-inspection").waitFor({ timeout: 15_000 });
}

async function awsUserNames(): Promise<string[]> {
  const client = new IdentitystoreClient({
    region: stack.env.AWS_REGION,
    endpoint: stack.env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: stack.env.AWS_ACCESS_KEY_ID!, secretAccessKey: stack.env.AWS_SECRET_ACCESS_KEY! },
  });
  // The identity store id, as the (simulated) console shows it.
  const consolePage = await fetch(`${stack.env.AWS_CONSOLE_URL}/singlesignon/home?region=${stack.env.AWS_REGION}`).then((r) => r.text());
  const identityStoreId = /d-[0-9a-f]{10}/.exec(consolePage)![0];
  const { Users } = await client.send(new ListUsersCommand({ IdentityStoreId: identityStoreId }));
  return (Users ?? []).map((u) => u.UserName ?? "");
}

describe(`provisioning setup in a real browser, on ${testProvider()}`, () => {
  it("explains that the simulator's endpoint needs lab endpoints allowed and that AWS refuses tokens until the identity source change is made, then accepts the pair", async () => {
    expect(await provisioningCardState()).toBe("not-configured");
    await page.goto(`${stack.baseUrl}/setup#scim-credentials`);
    const scim = stepSection(page, "scim-credentials");
    await scim.getByLabel("SCIM endpoint").fill(stack.env.SCIM_ENDPOINT!);
    await scim.getByLabel("Access token").fill(stack.env.SCIM_TOKEN!);
    await scim.getByRole("button", { name: "Check and save" }).click();
    await scim
      .getByText(/Allow lab SCIM endpoints/)
      .first()
      .waitFor();

    await page.goto(`${stack.baseUrl}/settings`);
    const banner = page.getByRole("complementary", { name: "Lab mode" });
    expect(await banner.count()).toBe(0);
    await page.getByLabel(/Allow lab SCIM endpoints/).check();
    await page.getByRole("button", { name: "Save SCIM endpoint setting" }).click();
    await page.getByText("SCIM endpoints outside AWS and on private networks are allowed.").waitFor();
    // Every console page says so while a lab setting is on.
    await page.goto(`${stack.baseUrl}/`);
    await banner.getByText(/is on: SSO Bridge may send SCIM checks to private networks and over plain HTTP/).waitFor();

    // The identity source is still the Identity Center directory: AWS refuses every token, and the step says why.
    const submitPair = async () => {
      await page.goto(`${stack.baseUrl}/setup#scim-credentials`);
      await scim.getByLabel("SCIM endpoint").fill(stack.env.SCIM_ENDPOINT!);
      await scim.getByLabel("Access token").fill(stack.env.SCIM_TOKEN!);
      await scim.getByRole("button", { name: "Check and save" }).click();
    };
    await submitPair();
    await scim
      .getByText(/AWS accepts SCIM tokens only once an external identity provider is the identity source/)
      .first()
      .waitFor({ timeout: 15_000 });
    expect(await stepSection(page, "identity-source").getByTestId("identity-source-verification").textContent()).toContain("Confirmed, not verified");
    await page.goto(`${stack.baseUrl}/`);
    expect(await page.getByTestId("federation-card").getAttribute("data-state")).toBe("unverified");
    expect(await page.getByTestId("federation-identity-source").textContent()).toContain("not verified");
    // The access portal agrees: AWS still signs people in with its own directory.
    let portal = await openAccessPortal();
    await portal.getByText(/The identity source is the IAM Identity Center directory/).waitFor();
    await portal.close();

    // Made in the console, the change lets the token in, and AWS accepting it verifies step 6.
    await changeIdentitySourceInConsole(page, stack);
    await submitPair();
    await waitForStepDone(page, "scim-credentials");
    expect(await scim.textContent()).not.toContain(stack.env.SCIM_TOKEN!);
    expect(await stepSection(page, "identity-source").getByTestId("identity-source-verification").textContent()).toMatch(
      /^VerifiedAWS accepted the SCIM token on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/,
    );
    await page.goto(`${stack.baseUrl}/`);
    expect(await page.getByTestId("federation-identity-source").textContent()).toContain("verified on");
    portal = await openAccessPortal();
    await portal.getByLabel("Username").waitFor();
    await portal.close();
  });

  it("adds a webhook in Settings once lab webhooks are allowed, sends it a test message and audit anchors, and pauses it only on request", async () => {
    await page.goto(`${stack.baseUrl}/settings`);
    const addWebhook = async () => {
      await page.getByLabel("Name", { exact: true }).fill("Identity team");
      await page.getByLabel("URL", { exact: true }).fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/identity`);
      await page.getByLabel("Also send audit anchors").check();
      await page.getByRole("button", { name: "Add webhook" }).click();
    };
    // The receiver is on this machine: allowing lab SCIM endpoints does not open webhooks too.
    await addWebhook();
    await page.getByText(/"Allow lab webhooks" setting in Settings → Endpoints/).waitFor();
    // The place the message names is a link to it.
    expect(await page.getByRole("alert").getByRole("link", { name: "Settings → Endpoints" }).getAttribute("href")).toBe("/settings#endpoints");

    const banner = page.getByRole("complementary", { name: "Lab mode" });
    await banner.getByRole("link", { name: "Allow lab SCIM endpoints" }).waitFor();
    expect(await banner.getByRole("link", { name: "Allow lab webhooks" }).count()).toBe(0);
    await page.getByLabel(/Allow lab webhooks/).check();
    await page.getByRole("button", { name: "Save webhook setting" }).click();
    await page.getByText("Webhooks on private networks and over plain HTTP are allowed.").waitFor();
    await page.goto(`${stack.baseUrl}/provisioning`);
    await banner.getByText(/are on: SSO Bridge may send SCIM checks and webhook deliveries to private networks/).waitFor();
    await banner.getByRole("link", { name: "Allow lab webhooks" }).click();
    await page.waitForURL(`${stack.baseUrl}/settings#lab-webhooks`);

    await addWebhook();
    await page.getByText("Alerts and audit anchors now go to Identity team.").waitFor();
    const row = page.getByTestId("webhook-Identity team");
    expect(await row.getByTestId("webhook-sends").textContent()).toBe("Alerts and audit anchors");
    expect(await row.getByTestId("webhook-last-delivery").textContent()).toBe("Nothing sent yet");
    // The URL is the receiver's credential: only its host is shown.
    expect(await page.content()).not.toContain("/hooks/identity");

    await row.getByRole("button", { name: "Send test" }).click();
    await row.getByText("The test message was delivered.").waitFor();
    expect(received).toEqual([{ event: "test", key: "test" }]);
    await page.reload();
    expect(await page.getByTestId("webhook-Identity team").getByTestId("webhook-last-delivery").textContent()).toMatch(/^Delivered \(test\)/);

    page.once("dialog", (d) => void d.dismiss());
    await page.getByTestId("webhook-Identity team").getByRole("button", { name: "Remove" }).click();
    await page.getByTestId("webhook-Identity team").getByRole("button", { name: "Pause" }).click();
    await page.getByText("Identity team is paused: it is sent no alerts until resumed.").waitFor();
    await page.getByTestId("webhook-Identity team").getByRole("button", { name: "Resume" }).click();
    await page.getByText("Identity team receives alerts again.").waitFor();

    await page.getByTestId("webhook-Identity team").getByRole("button", { name: "Stop anchors" }).click();
    await page.getByText("Identity team no longer receives audit anchors.").waitFor();
    expect(await page.getByTestId("webhook-Identity team").getByTestId("webhook-sends").textContent()).toBe("Alerts");
    await page.getByTestId("webhook-Identity team").getByRole("button", { name: "Send anchors" }).click();
    await page.getByText("Identity team now also receives every audit anchor.").waitFor();
    expect(await page.getByTestId("webhook-Identity team").getByTestId("webhook-sends").textContent()).toBe("Alerts and audit anchors");

    // Verifying the chain anchors it; the next delivery pass sends the anchor out.
    await page.goto(`${stack.baseUrl}/audit`);
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await page.getByText(/^The chain verifies: all [\d,]+ events are intact and in order\.$/).waitFor();
    await expect.poll(() => anchors.length, { timeout: 30_000, interval: 1_000 }).toBe(1);
    expect(anchors[0]).toMatchObject({ type: "audit-anchor", seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await page.goto(`${stack.baseUrl}/settings`);
    expect(await page.getByTestId("webhook-Identity team").getByTestId("webhook-last-delivery").textContent()).toMatch(/^Delivered \(audit anchor\)/);
    received.length = 0;
  });

  it("creates the job, assigns a group and a user, and starts: users arrive and the card turns green", async () => {
    await page.goto(`${stack.baseUrl}/setup#provisioning-job`);
    await stepSection(page, "provisioning-job").getByRole("button", { name: "Create and configure the job" }).click();
    await waitForStepDone(page, "provisioning-job");

    const assignments = stepSection(page, "assignments");
    for (const [query, name] of [
      ["AWS Admin", "AWS Administrators"],
      ["Ada", ADA_ADMIN.displayName],
    ]) {
      await assignments.getByLabel("Find users and groups").fill(query!);
      await assignments.getByRole("button", { name: "Search" }).click();
      await assignments.getByRole("checkbox", { name: new RegExp(name!) }).check();
    }
    // Part of a name finds it: "dev" finds AWS Developers.
    await assignments.getByLabel("Find users and groups").fill("dev");
    await assignments.getByRole("button", { name: "Search" }).click();
    await assignments.getByRole("checkbox", { name: /^Group AWS Developers/ }).waitFor();
    // Both picks stay in view across searches; groups can also be browsed without a name.
    expect(await assignments.getByTestId("chosen-principals").textContent()).toMatch(/AWS Administrators.*Ada Admin/);
    await assignments.getByRole("button", { name: "Browse groups" }).click();
    await assignments.getByText("The first 100 groups by name; search to find others.").waitFor();
    await assignments.getByRole("button", { name: /^Assign 2 to the application/ }).click();
    await waitForStepDone(page, "assignments");
    // Assigned: the choice starts afresh.
    await expect.poll(() => assignments.getByTestId("chosen-principals").count()).toBe(0);

    // A job waiting to be started is setup, not an outage: no alert after the steps, nor once the
    // alerts' next period has looked at it, and the team's webhook hears nothing.
    const db = createDb(stack.env.DATABASE_URL!);
    try {
      const since = new Date();
      await expect
        .poll(() => db.taskRun.count({ where: { task: "alerts", startedAt: { gt: since }, finishedAt: { not: null } } }), { timeout: 30_000 })
        .toBeGreaterThan(0);
    } finally {
      await db.$disconnect();
    }
    await page.goto(`${stack.baseUrl}/`);
    await page.getByTestId("provisioning-card").waitFor();
    expect(await page.getByRole("heading", { name: "Alerts" }).count()).toBe(0);
    expect(received.filter((r) => r.event === "fired")).toEqual([]);
    await page.goto(`${stack.baseUrl}/setup#start-provisioning`);
    // Preflight before the first cycle: a scan checks everyone in scope against what AWS accepts.
    const preflight = stepSection(page, "start-provisioning").getByTestId("preflight-summary");
    expect(await preflight.textContent()).toContain("No preflight has run");
    await preflight.getByRole("button", { name: "Run preflight" }).click();
    await expect
      .poll(
        async () => {
          await page.reload();
          return preflight.textContent();
        },
        { timeout: 30_000 },
      )
      .toMatch(/Scan of \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC|Nobody in scope breaks a rule AWS enforces/);

    await stepSection(page, "start-provisioning").getByRole("button", { name: "Start provisioning" }).click();
    await waitForStepDone(page, "start-provisioning");

    await expect.poll(awsUserNames, { timeout: 20_000 }).toContain(ADA_ADMIN.userPrincipalName);
    // As a person sees it: the (simulated) AWS console lists the new user.
    const consolePage = await browser.newPage();
    await consolePage.goto(`${stack.env.AWS_CONSOLE_URL}/singlesignon/home?region=${stack.env.AWS_REGION}`);
    expect(await consolePage.getByRole("region", { name: "Users and groups" }).textContent()).toContain(ADA_ADMIN.userPrincipalName);
    await consolePage.close();
    await expect.poll(provisioningCardState, { timeout: 20_000 }).toBe("healthy");
    expect(await page.getByTestId("provisioning-card").textContent()).toMatch(/expires in \d+ days/);
    // The simulated service cycles every 3 s: the card's last cycle may be a later one that had nothing to write.
    expect(await page.getByTestId("provisioning-card-errors").textContent()).toMatch(/^None(, \d+ written to AWS)?$/);
    expect(await page.getByTestId("provisioning-card").textContent()).toMatch(/In AWS[1-9]\d* users?, [1-9]\d* groups?/);
    // The card says how old what it shows is, and a person can ask for a fresh read from the keyboard.
    const age = page.getByTestId("provisioning-card").getByTestId("reading-age");
    expect(await age.textContent()).toMatch(/^As of \d+ (s|min) ago/);
    const checkNow = page.getByTestId("provisioning-card").getByRole("button", { name: "Check now" });
    await checkNow.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("provisioning-card").getByRole("status").filter({ hasText: "Up to date with Entra." }).waitFor({ timeout: 15_000 });
    expect(await age.textContent()).toMatch(/^As of [0-4] s ago/);
    expect(await page.getByTestId("provisioning-card").getByRole("alert").count()).toBe(0);
  }, 60_000);

  it("keeps a federation whose identity source change is verified at Not proven until a test sign-in proves it, and explains a refused one", async () => {
    // AWS accepting the SCIM token shows that the identity source changed, not that AWS trusts this application's certificate.
    await page.goto(`${stack.baseUrl}/`);
    expect(await page.getByTestId("federation-card").getAttribute("data-state")).toBe("unverified");
    expect(await page.getByTestId("federation-card").textContent()).toContain("no sign-in has proven that it trusts this application: run a test sign-in");
    await page.goto(`${stack.baseUrl}/setup#sign-in-test`);
    expect(await page.getByTestId("sign-in-proof").textContent()).toContain("Confirmed, not proven");
    let portal: Page;

    // Signed with a certificate AWS was never given: AWS refuses, and the inspector says why.
    const sp = [...stack.sims.directory.servicePrincipals.values()].find((s) => s.preferredSingleSignOnMode === "saml")!;
    const uploaded = sp.preferredTokenSigningKeyThumbprint;
    const rolled = (await addTokenSigningCertificate(stack.sims.directory, sp, { displayName: "CN=AWS IAM Identity Center SSO" }, Date.now())) as {
      thumbprint: string;
    };
    sp.preferredTokenSigningKeyThumbprint = rolled.thumbprint;
    try {
      portal = await openAccessPortal();
      await signInAtEntra(portal, ADA_ADMIN.userPrincipalName);
      await portal.getByText("We couldn't complete your request right now.").waitFor();
      await inspect(await portal.locator("#saml-response").inputValue());
      await portal.close();
      const inspection = page.getByTestId("saml-inspection");
      expect(await inspection.getAttribute("data-proven")).toBe("false");
      expect(await inspection.getByRole("alert").textContent()).toContain(`Entra signed this response with certificate ${rolled.thumbprint}`);
      expect(await inspection.getByRole("link", { name: "Go to the fix" }).getAttribute("href")).toBe("/setup#federation-metadata");
    } finally {
      sp.preferredTokenSigningKeyThumbprint = uploaded;
    }

    // A good sign-in: AWS lets Ada in, and the response she brought proves the federation.
    portal = await openAccessPortal();
    await signInAtEntra(portal, ADA_ADMIN.userPrincipalName);
    await portal.getByText(/Signed in as/).waitFor();
    await inspect(await portal.locator("#saml-response").inputValue());
    await portal.close();
    await page.getByText("The response passes every check AWS makes: the federation is proven.").waitFor();
    expect(await page.getByLabel("SAMLResponse").inputValue()).not.toBe("");
    await page.getByRole("button", { name: "Check Entra's sign-in logs" }).click();
    await page.getByTestId("sign-in-log").getByText(ADA_ADMIN.userPrincipalName).first().waitFor();
    await page.goto(`${stack.baseUrl}/`);
    expect(await page.getByTestId("federation-card").getAttribute("data-state")).toBe("configured");
    expect(await page.getByTestId("federation-proof").textContent()).toContain(`proven by ${ADA_ADMIN.userPrincipalName}`);
  });

  it("scans for drift: its progress, then each finding with its reason and fix, filtered by kind, and fixes what only AWS has (a user, a group, an assignment)", async () => {
    // Made by hand in the AWS console: users provisioning never created.
    const store = stack.sims.aws.world.identityStore;
    store.createUser({ UserName: "break.glass", DisplayName: "Break Glass" });
    const stray = store.createUser({ UserName: "stray.user", DisplayName: "Stray User" });
    // And a group, and an account assignment of a user deleted by hand since: AWS keeps it, naming nobody.
    const handGroup = store.createGroup({ DisplayName: "Hand Made Team" });
    const sso = stack.sims.aws.world.ssoAdmin.state as SsoAdminState;
    const [account] = [...stack.sims.aws.world.organization.accounts.keys()].sort();
    const handOps = sso.newPermissionSetArn();
    sso.permissionSets.set(handOps, {
      Name: "HandOps",
      PermissionSetArn: handOps,
      Description: "Assigned by hand",
      CreatedDate: new Date(),
      SessionDuration: "PT1H",
      managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      customerManagedPolicies: [],
      version: 1,
    });
    sso.provisionedAccounts(handOps).set(account!, 1);
    const departed = store.createUser({ UserName: "departed.user", DisplayName: "Departed User" });
    sso.assignments.push({ AccountId: account!, PermissionSetArn: handOps, PrincipalType: "USER", PrincipalId: departed.UserId });
    store.deleteUser(departed.UserId);
    await page.goto(`${stack.baseUrl}/drift`);
    // The preflight's scan is the last complete one until this one ends: the hand-made users show once it has.
    await page.getByRole("button", { name: "Scan now" }).click();
    const summary = page.getByTestId("drift-summary");
    const onlyInAws = summary.getByRole("link", { name: /^User only in AWS \(2\)$/ });
    await onlyInAws.waitFor({ timeout: 30_000 });
    await onlyInAws.click();
    await page.waitForURL(/\/drift\?kind=user-only-in-aws$/);
    const rows = page.getByTestId("drift-findings").locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain("break.glass");
    expect(await rows.first().textContent()).toContain("The user carries no external id, so provisioning did not create it");
    expect(await summary.getByRole("link", { name: /^User only in AWS/ }).getAttribute("aria-current")).toBe("page");
    await page.getByRole("button", { name: "Remove all 2 on this page from AWS" }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // The findings shown, as a file.
    const exported = await page.request.get(`${stack.baseUrl}${await page.getByRole("link", { name: "Export CSV" }).getAttribute("href")}`);
    expect(exported.headers()["content-disposition"]).toMatch(/^attachment; filename="sso-bridge-drift-\d{8}T\d{4}-user-only-in-aws\.csv"$/);
    expect((await exported.text()).split("\n")[1]).toMatch(/^user-only-in-aws,User only in AWS,break\.glass,,created-by-hand,/);

    // One user side by side: AWS has it, Entra does not.
    await rows.first().getByRole("link", { name: "break.glass" }).click();
    await page.waitForURL(/\/drift\/user\?aws=/);
    const attributes = page.getByTestId("principal-attributes");
    expect(await attributes.getByRole("row", { name: /User name/ }).textContent()).toContain("break.glass");
    await page.getByText("Entra: no such user.").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // The overview says so too, with the most serious finding.
    await page.goto(`${stack.baseUrl}/`);
    expect(await page.getByTestId("drift-card").textContent()).toMatch(/\d+ differences? between Entra and AWS/);
    await page.getByTestId("drift-card-worst").waitFor();

    // The break-glass user stays on purpose, with the reason; the stray one goes, once confirmed.
    await page.goto(`${stack.baseUrl}/drift?kind=user-only-in-aws`);
    const breakGlass = rows.filter({ hasText: "break.glass" });
    await breakGlass.getByText("Keep it…").click();
    await breakGlass.getByLabel("Why break.glass stays in AWS").fill("Emergency access when Entra is down");
    await breakGlass.getByRole("button", { name: "Keep", exact: true }).click();
    await breakGlass.getByText(/Kept in AWS on purpose by .+ on \d{4}-\d{2}-\d{2}\./).waitFor();
    const strayRow = rows.filter({ hasText: "stray.user" });
    let confirmation = "";
    page.once("dialog", (d) => {
      confirmation = d.message();
      void d.accept();
    });
    await strayRow.getByRole("button", { name: "Remove from AWS: stray.user" }).click();
    await strayRow.getByText(/Removed from AWS by .+ on \d{4}-\d{2}-\d{2}\./).waitFor();
    expect(confirmation).toContain("Remove stray.user from AWS?");
    expect(store.users.has(stray.UserId)).toBe(false);

    // The group only AWS has goes too, and the assignment naming a user AWS no longer has, each once confirmed.
    for (const [kind, text, button] of [
      ["group-only-in-aws", "Hand Made Team", /^Remove from AWS: Hand Made Team$/],
      // Named by the id AWS still holds: SSO Bridge never knew the user's name.
      ["assignment-orphaned", departed.UserId, new RegExp(`^Remove from AWS: .+ in account ${account!} for ${departed.UserId}$`)],
    ] as const) {
      await page.goto(`${stack.baseUrl}/drift?kind=${kind}`);
      const row = rows.filter({ hasText: text });
      page.once("dialog", (d) => void d.accept());
      await row.getByRole("button", { name: button }).click();
      await row.getByText(/Removed from AWS by .+ on \d{4}-\d{2}-\d{2}\./).waitFor();
    }
    expect(store.groups.has(handGroup.GroupId)).toBe(false);
    await expect.poll(() => sso.assignments.filter((a) => a.PermissionSetArn === handOps).length, { timeout: 20_000 }).toBe(0);

    // The next scan finds neither: one is gone, the other kept, and listed as kept with why.
    await page.getByRole("button", { name: "Scan now" }).click();
    await expect.poll(async () => (await summary.textContent()) ?? "", { timeout: 30_000, interval: 500 }).not.toContain("User only in AWS");
    expect(await summary.textContent()).not.toMatch(/Group only in AWS|Assignment to a deleted principal/);
    expect(await page.getByTestId("drift-kept").textContent()).toContain("Emergency access when Entra is down");

    store.deleteUser(store.findUserByUserName("break.glass")!.UserId);
  }, 90_000);

  it("shows the job and its provisioning log on the Provisioning page, and pauses it there", async () => {
    await page.goto(`${stack.baseUrl}/provisioning`);
    // The log is read from Entra in the background while the page is open; the page shows it as it arrives.
    const logTable = page.getByRole("table", { name: /Provisioning log entries/ });
    await logTable.waitFor({ timeout: 20_000 });
    await expect.poll(() => logTable.textContent(), { timeout: 30_000, interval: 1_000 }).toContain(ADA_ADMIN.userPrincipalName);
    expect(await page.getByTestId("log-ingestion").textContent()).toMatch(/As of \d+ s ago/);
    // Searched here, not in Graph: part of the name, in any case.
    await page.getByLabel("User or group").fill(ADA_ADMIN.userPrincipalName.slice(0, 6).toUpperCase());
    await page.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => page.url()).toContain("identity=");
    await expect.poll(() => logTable.textContent(), { timeout: 10_000 }).toContain(ADA_ADMIN.userPrincipalName);
    // The monitor's polls make the history.
    await expect
      .poll(
        async () => {
          await page.goto(`${stack.baseUrl}/provisioning`);
          return page.getByRole("img", { name: /Outcome and duration of the last \d+ provisioning cycles/ }).count();
        },
        { timeout: 30_000, interval: 2_000 },
      )
      .toBe(1);
    expect(await page.getByRole("img", { name: /Objects by outcome in the last/ }).count()).toBe(1);
    expect(await page.getByRole("img", { name: /Users in AWS and job state/ }).count()).toBe(1);
    // Each chart says what its bars count and what its colours mean.
    expect(await page.getByRole("img", { name: /Objects by outcome in the last/ }).textContent()).toMatch(/\d+ objects0/);
    expect(await page.getByRole("list", { name: /^Legend: Objects by outcome/ }).textContent()).toContain("Written to AWS");
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await page.getByText("Paused: changes in Entra no longer reach AWS until you resume.").waitFor();
    // The alert follows the change at once, not at the monitor's next period (10 s here).
    await page.goto(`${stack.baseUrl}/`);
    expect(await page.getByRole("region", { name: "Alerts" }).textContent()).toMatch(/paused/);
    await page.goto(`${stack.baseUrl}/provisioning`);
    expect(await page.getByTestId("job-state").textContent()).toBe("The job is paused.");
    // The card above the controls shows the paused job without a reload, and so does the overview.
    await expect.poll(() => page.getByTestId("provisioning-card").getAttribute("data-state"), { timeout: 20_000 }).toBe("degraded");
    expect(await page.getByTestId("provisioning-card").textContent()).toMatch(/The job is paused/);
    // The fix is on this page: the link goes to the job's controls, not to the page itself.
    expect(await page.getByTestId("provisioning-card").getByRole("link", { name: "Fix it" }).getAttribute("href")).toBe("/provisioning#job-controls");
    await expect.poll(provisioningCardState, { timeout: 20_000 }).toBe("degraded");
    await page.goto(`${stack.baseUrl}/provisioning`);
    await page.getByRole("button", { name: "Resume", exact: true }).click();
    await page.getByText("Resumed: a cycle runs now.").waitFor();
    await page.goto(`${stack.baseUrl}/`);
    expect(await page.getByRole("region", { name: "Alerts" }).count()).toBe(0);
    await expect.poll(provisioningCardState, { timeout: 20_000 }).toBe("healthy");
  });

  it("rotates the SCIM token in place: the job keeps running on the new one and no setup step has to run again", async () => {
    const [old] = (await fetch(`${stack.env.SIM_CONTROL_URL}/aws/scim/tokens`).then((r) => r.json())) as { id: string }[];
    // Generated in the AWS console: an instance may hold two tokens, so the old one works until it is deleted.
    const fresh = (await fetch(`${stack.env.SIM_CONTROL_URL}/aws/scim/tokens`, { method: "POST", body: "{}" }).then((r) => r.json())) as { token: string };
    await page.goto(`${stack.baseUrl}/provisioning#scim-token`);
    const before = await page.getByTestId("scim-token-now").textContent();
    await page.getByLabel("New access token").fill(fresh.token);
    await page.getByRole("button", { name: "Rotate token" }).click();
    await page.getByText(/^Rotated: AWS and Entra accepted the new token \(fingerprint [\w-]+, expires \d{4}-\d{2}-\d{2}\)/).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId("scim-token-now").textContent(), { timeout: 10_000 }).not.toBe(before);

    // The old token can go in AWS; the card stays healthy (that the job's cycles then use the new one is held by tests/integration/scim-token-rotation.test.ts).
    await fetch(`${stack.env.SIM_CONTROL_URL}/aws/scim/tokens/revoke`, { method: "POST", body: JSON.stringify({ id: old!.id }) });
    await page.getByTestId("provisioning-card").getByRole("button", { name: "Check now" }).click();
    await page.getByTestId("provisioning-card").getByRole("status").filter({ hasText: "Up to date with Entra." }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("provisioning-card").getAttribute("data-state")).toBe("healthy");
    await page.goto(`${stack.baseUrl}/setup`);
    for (const id of ["scim-credentials", "provisioning-job", "assignments", "start-provisioning"]) await waitForStepDone(page, id);
  });

  it("turns the card red, with the reason, when AWS revokes the token", async () => {
    const tokens = (await fetch(`${stack.env.SIM_CONTROL_URL}/aws/scim/tokens`).then((r) => r.json())) as { id: string }[];
    await page.goto(`${stack.baseUrl}/`);
    for (const t of tokens) await fetch(`${stack.env.SIM_CONTROL_URL}/aws/scim/tokens/revoke`, { method: "POST", body: JSON.stringify({ id: t.id }) });
    // The overview left open turns red by itself: the readers keep the job it shows fresh.
    await expect.poll(() => page.getByTestId("provisioning-card").getAttribute("data-state"), { timeout: 30_000, interval: 1_000 }).toBe("broken");
    expect(await page.getByTestId("provisioning-card").textContent()).toMatch(/failed|quarantined/i);
    // Said as the cause an administrator acts on, with the rotation as its fix, not as Entra's request log.
    expect(await page.getByTestId("provisioning-card").textContent()).toMatch(/AWS rejected the SCIM token/);
    // The errors line agrees with the failure: a cycle that stopped as a whole is not "None".
    const errors = page.getByTestId("provisioning-card-errors");
    if (await errors.count()) expect(await errors.textContent()).not.toMatch(/^None/);
    expect(await page.getByTestId("provisioning-card-token").textContent()).toBe("rejected by AWS in the last cycle");
    expect(await page.getByTestId("provisioning-card").getByRole("link", { name: "Fix it" }).getAttribute("href")).toBe("/provisioning#scim-token");
    // The monitor raises the alert on the overview within a period.
    await expect
      .poll(
        async () => {
          await page.goto(`${stack.baseUrl}/`);
          return page.getByRole("region", { name: "Alerts" }).count();
        },
        { timeout: 30_000, interval: 2_000 },
      )
      .toBe(1);
    expect(await page.getByRole("region", { name: "Alerts" }).textContent()).toMatch(/quarantined|failed/);
    await expect
      .poll(() => received.filter((r) => r.event === "fired").map((r) => r.key), { timeout: 30_000, interval: 1_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^provisioning-(quarantine|failures)/)]));
  });

  it("broke no page's Content-Security-Policy", () => {
    expect(cspViolations(browser)).toEqual([]);
  });
});
