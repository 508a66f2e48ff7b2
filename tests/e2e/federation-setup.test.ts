import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { ADA_ADMIN, VERA_VIEWER } from "@/simulators/entra/tenant";
import { cspViolations, launchChromium, signInAs } from "./support/browser";
import { startStack, type Stack } from "./support/stack";
import { createEmptyDatabase, testProvider, type TestDatabase } from "../support/databases";

// A new admin, from an empty database, connects both clouds and walks the federation half of
// setup in the browser, with the simulated AWS console standing in for the console-only steps.

let database: TestDatabase;
let stack: Stack;
let browser: Browser;
let db: Db;
let page: Page;

beforeAll(async () => {
  database = await createEmptyDatabase();
  stack = await startStack({ databaseUrl: database.url });
  browser = await launchChromium();
  db = createDb(stack.env.DATABASE_URL!);
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
  await stack?.stop();
  await database?.drop();
});

function step(id: string) {
  return page.locator(`section#${id}`);
}

async function expectStepDone(id: string) {
  await expect.poll(() => step(id).getByText("Done", { exact: true }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
}

describe(`federation setup in a real browser, on ${testProvider()}`, () => {
  it("shows an unconfigured Federation card that leads to setup", async () => {
    await signInAs(page, stack.baseUrl, ADA_ADMIN.displayName);
    await page.goto(`${stack.baseUrl}/`);
    const card = page.getByTestId("federation-card");
    expect(await card.getAttribute("data-state")).toBe("not-configured");
    await card.getByRole("link", { name: "Start setup" }).click();
    await page.getByRole("heading", { name: "First, connect SSO Bridge to both clouds" }).waitFor();
    // The top of Setup, where connecting the clouds is the first thing to do, not a step further down.
    expect(new URL(page.url()).pathname + new URL(page.url()).hash).toBe("/setup");
    await page.getByRole("link", { name: "Open Settings → Connections" }).click();
  });

  it("connects AWS and Entra with the defaults and tests both", async () => {
    await page.getByRole("heading", { name: "Connections" }).waitFor();
    expect(await page.getByLabel("Region", { exact: true }).inputValue()).toBe(stack.env.AWS_REGION);
    await page.getByRole("button", { name: "Save AWS connection" }).click();
    await page.getByText(/^Saved: region/).waitFor();
    await page.getByRole("button", { name: "Test AWS connection" }).click();
    await expect.poll(() => page.getByTestId("aws-test").textContent(), { timeout: 20_000 }).toContain("ssoins-");

    await page.getByRole("button", { name: "Save Entra connection" }).click();
    await page.getByText(/^Saved\. Test the connection/).waitFor();
    await page.getByRole("button", { name: "Test Entra connection" }).click();
    await expect
      .poll(() => page.getByTestId("entra-test").textContent(), { timeout: 20_000 })
      .toContain("Every Microsoft Graph permission SSO Bridge needs is granted");
  });

  it("walks every federation step, surviving a reload, to a Federation card that asks for a test sign-in", async () => {
    await page.goto(`${stack.baseUrl}/setup`);
    await step("identity-center-instance").getByRole("button", { name: "Use this instance" }).click();
    await expectStepDone("identity-center-instance");

    // Console-only: the operator downloads AWS's metadata in the (simulated) AWS console.
    const consoleLink = step("aws-sp-metadata").getByRole("link", { name: "IAM Identity Center console" });
    const [consolePage] = await Promise.all([page.context().waitForEvent("page"), consoleLink.click()]);
    const [spDownload] = await Promise.all([
      consolePage.waitForEvent("download"),
      consolePage.getByRole("link", { name: "Download service provider metadata" }).click(),
    ]);
    const spFile = await spDownload.path();

    // A foreign file first: it is refused with a reason, and nothing is lost.
    await step("aws-sp-metadata")
      .getByLabel("IAM Identity Center SAML metadata file")
      .setInputFiles({ name: "wrong.xml", mimeType: "text/xml", buffer: Buffer.from("<html><body>not metadata</body></html>") });
    await step("aws-sp-metadata").getByRole("button", { name: "Upload and check" }).click();
    await step("aws-sp-metadata")
      .getByText(/not SAML 2\.0 metadata/)
      .first()
      .waitFor();
    await expectStepDone("identity-center-instance");

    await step("aws-sp-metadata").getByLabel("IAM Identity Center SAML metadata file").setInputFiles(spFile);
    await step("aws-sp-metadata").getByRole("button", { name: "Upload and check" }).click();
    await expectStepDone("aws-sp-metadata");

    // The wizard lives in the database, not the page.
    await page.reload();
    await expectStepDone("identity-center-instance");
    await expectStepDone("aws-sp-metadata");

    await step("enterprise-app").getByRole("button", { name: "Create application" }).click();
    await expectStepDone("enterprise-app");
    await step("saml-sso").getByRole("button", { name: "Configure SAML single sign-on" }).click();
    await expectStepDone("saml-sso");
    await step("federation-metadata").getByRole("button", { name: "Fetch federation metadata" }).click();
    await expectStepDone("federation-metadata");

    const [federationDownload] = await Promise.all([
      page.waitForEvent("download"),
      step("identity-source").getByRole("link", { name: "Download the federation metadata" }).click(),
    ]);
    const federationFile = await federationDownload.path();

    // Console-only: upload Entra's metadata in the AWS console and accept the change.
    await consolePage.getByLabel("IdP SAML metadata").setInputFiles(federationFile);
    await consolePage.getByLabel("Type ACCEPT to confirm the identity source change").fill("ACCEPT");
    await consolePage.getByRole("button", { name: "Change identity source" }).click();
    await consolePage.getByText("You changed the identity source to External identity provider.").waitFor();

    await step("identity-source")
      .getByLabel(/I uploaded the federation metadata/)
      .check();
    await step("identity-source").getByRole("button", { name: "Confirm the change" }).click();
    await expectStepDone("identity-source");
    await expect.poll(() => page.getByTestId("federation-check").textContent(), { timeout: 20_000 }).toContain("Configuration matches");

    await page.goto(`${stack.baseUrl}/`);
    const card = page.getByTestId("federation-card");
    // Configured and uploaded in AWS, yet nothing has proven it until someone signs in.
    expect(await card.getAttribute("data-state")).toBe("unverified");
    expect(await card.textContent()).toMatch(/expires in \d+ days/);
  });

  it("shows a viewer the wizard's state without its controls", async () => {
    const vera = await (await browser.newContext()).newPage();
    await signInAs(vera, stack.baseUrl, VERA_VIEWER.displayName);
    await vera.goto(`${stack.baseUrl}/setup`);
    await vera.locator("section#identity-source").getByText("Done", { exact: true }).waitFor();
    expect(
      await vera
        .getByRole("button")
        .filter({ hasText: /Configure|Fetch|Confirm|Create|Upload|Run the check|Use this instance/ })
        .count(),
    ).toBe(0);
    expect(await vera.getByRole("link", { name: "Download the federation metadata (XML)" }).count()).toBe(1);
    await vera.context().close();
  });

  it("keeps every change in the audit log, with who made it", async () => {
    const events = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    const actions = events.map((e) => `${e.action}:${e.outcome}`);
    for (const expected of [
      "connection.aws.update:success",
      "connection.aws.test:success",
      "connection.entra.update:success",
      "connection.entra.test:success",
      "setup.instance.choose:success",
      "setup.aws-metadata.upload:failure",
      "setup.aws-metadata.upload:success",
      "setup.enterprise-app.create:success",
      "setup.saml-sso.configure:success",
      "setup.federation-metadata.fetch:success",
      "setup.identity-source.confirm:success",
      "setup.federation.check:success",
    ]) {
      expect(actions).toContain(expected);
    }
    expect(events.filter((e) => e.action.startsWith("setup.")).every((e) => e.actorLabel === ADA_ADMIN.displayName)).toBe(true);
    await page.goto(`${stack.baseUrl}/audit`);
    await page.getByText("setup.identity-source.confirm").first().waitFor();
  });

  it("broke no page's Content-Security-Policy", () => {
    expect(cspViolations(browser)).toEqual([]);
  });
});
