import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA_ADMIN } from "@/simulators/entra/tenant";
import { accessibilityViolations } from "./support/accessibility";
import { cspViolations, launchChromium, signInAs } from "./support/browser";
import { connectClouds, stepSection, waitForStepDone } from "./support/federation-walk";
import { startStack, type Stack } from "./support/stack";
import { createEmptyDatabase, testProvider, type TestDatabase } from "../support/databases";

// An operator creates a permission set from a template in the browser, is told exactly what is
// wrong with a mistyped inline policy without losing the form, assigns a provisioned group to two
// accounts and sees both succeed, answers who can reach an account and what a person can reach,
// removes an assignment, edits the set where it is in use and deletes it once it is not, and is
// told a set was created when AWS created it but could not show it back, and sees it listed once AWS
// describes it again.

let database: TestDatabase;
let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  database = await createEmptyDatabase();
  stack = await startStack({ databaseUrl: database.url });
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  // A step that cannot happen fails with its own message, well inside the test's time.
  page.setDefaultTimeout(10_000);
  await signInAs(page, stack.baseUrl, ADA_ADMIN.displayName);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await database?.drop();
});

describe(`AWS access in a real browser, on ${testProvider()}`, () => {
  it("points to setup until an IAM Identity Center instance is chosen", async () => {
    await page.goto(`${stack.baseUrl}/access`);
    await page.getByText("AWS is not connected").waitFor();
    await connectClouds(page, stack);
    await page.goto(`${stack.baseUrl}/setup`);
    await stepSection(page, "identity-center-instance").getByRole("button", { name: "Use this instance" }).click();
    await waitForStepDone(page, "identity-center-instance");
    await page.goto(`${stack.baseUrl}/access`);
    await page.getByText(/^No permission sets yet/).waitFor();
  });

  it("creates a set from a template, keeping the form when the inline policy is wrong", async () => {
    await page.getByRole("link", { name: "New permission set" }).click();
    await page.getByRole("link", { name: /^Read only/ }).click();
    await expect.poll(() => page.getByLabel("AWS managed policies").inputValue()).toBe("arn:aws:iam::aws:policy/ReadOnlyAccess");
    await page.getByLabel("Name").fill("DataReaders");
    await page.getByLabel("Inline policy").fill('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject" } ] }');
    await page.getByRole("button", { name: "Create permission set" }).click();
    await page.getByText(/Statement 1: give exactly one of "Resource" or "NotResource"/).waitFor();
    expect(await page.getByLabel("Name").inputValue()).toBe("DataReaders");
    expect(await page.getByLabel("Inline policy").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Inline policy").fill('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*" } ] }');
    await page.getByRole("button", { name: "Create permission set" }).click();
    await page.getByText("Created the permission set DataReaders.").waitFor();
    // In the list at once, as read from AWS just now.
    expect(await page.getByRole("table", { name: "Permission sets" }).textContent()).toMatch(/DataReaders.*Read-only access to all services.*4 hours/);
    expect(await page.getByTestId("reading-age").first().textContent()).toMatch(/^As of \d+ s ago/);
  });

  it("assigns a provisioned group to two accounts and sees both succeed", async () => {
    // The group as provisioning would have brought it to AWS (the provisioning test covers that path).
    const store = new IdentitystoreClient({
      region: stack.env.AWS_REGION,
      endpoint: stack.env.AWS_ENDPOINT_URL,
      credentials: { accessKeyId: stack.env.AWS_ACCESS_KEY_ID!, secretAccessKey: stack.env.AWS_SECRET_ACCESS_KEY! },
    });
    const consolePage = await fetch(`${stack.env.AWS_CONSOLE_URL}/singlesignon/home?region=${stack.env.AWS_REGION}`).then((r) => r.text());
    const IdentityStoreId = /d-[0-9a-f]{10}/.exec(consolePage)![0];
    const { GroupId } = await store.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: "Data team" }));
    const { UserId } = await store.send(
      new CreateUserCommand({ IdentityStoreId, UserName: "dana@contoso.example", DisplayName: "Dana Data", Name: { GivenName: "Dana", FamilyName: "Data" } }),
    );
    await store.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId: GroupId!, MemberId: { UserId: UserId! } }));

    await page.goto(`${stack.baseUrl}/access`);
    await page.getByRole("link", { name: "Assign access" }).click();
    await page.getByLabel("Provisioned user or group").fill("data");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("button", { name: "Choose Data team" }).click();
    await page.getByTestId("assign-principal").getByText("Data team").waitFor();
    await page.getByLabel("Permission set", { exact: true }).selectOption({ label: "DataReaders" });
    const boxes = page.getByRole("checkbox");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole("button", { name: "Assign in 2 accounts" }).click();
    await page.getByText(/^Assigning DataReaders to Data team in 2 accounts: SSO Bridge sends them in the background/).waitFor();
    // The page follows the batch the background sender works through, without a reload.
    const batch = page.getByTestId("assignment-batch").first();
    await batch.getByText("Finished: 2 of 2").waitFor({ timeout: 20_000 });
    expect(await batch.getByRole("table", { name: "Each account of DataReaders for Data team in 2 accounts" }).getByText("Done").count()).toBe(2);
    expect(await batch.textContent()).toMatch(/asked by Ada Admin/);
    // The progress and the results as every other page: no WCAG 2.1 A or AA violation.
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it("answers who can reach an account and what a person can reach, then removes an assignment", async () => {
    await page.goto(`${stack.baseUrl}/access`);
    await page.locator('a[href^="/access/accounts/"]').first().click();
    const access = page.getByRole("table", { name: /^Who has access to/ });
    await access.waitFor();
    expect(await access.textContent()).toMatch(/DataReaders.*Group Data team.*Dana Data/);
    // As the background readers last read it: the page itself asks AWS nothing.
    expect(await page.getByTestId("reading-age").textContent()).toMatch(/^As of \d+ s ago/);

    await access.getByRole("link", { name: "Dana Data" }).click();
    const reach = page.getByRole("table", { name: "Accounts Dana Data can reach" });
    await reach.waitFor();
    expect(await reach.getByText("Group Data team").count()).toBe(2);

    await reach.getByRole("link").first().click();
    page.once("dialog", (d) => {
      expect(d.message()).toMatch(/^The group Data team \(1 person\) will lose DataReaders in .+\. Remove this assignment\?$/);
      void d.accept();
    });
    await page.getByRole("button", { name: "Remove" }).click();
    await page.getByText("Nobody is assigned to this account through IAM Identity Center.").waitFor({ timeout: 20_000 });
  });

  it("edits a set in use, which AWS pushes to its account, and deletes it only once unassigned", async () => {
    await page.goto(`${stack.baseUrl}/access`);
    await page.getByRole("link", { name: "DataReaders" }).click();
    // The set's page is read in the background when first opened; it shows once read.
    await page
      .getByTestId("permission-set-accounts")
      .getByText(/^Provisioned to account \d{12}\./)
      .waitFor({ timeout: 20_000 });
    expect(await page.getByLabel("Inline policy").inputValue()).toContain('"s3:Delete*"');
    await page.getByLabel("Session length").selectOption("8");
    // A refused entry keeps every value, the session length included.
    await page.getByLabel("Start page (relay state)").fill("console.aws.amazon.com");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Give the full https:// address of the console page to open.").waitFor();
    expect(await page.getByLabel("Session length").inputValue()).toBe("8");
    expect(await page.getByLabel("Start page (relay state)").inputValue()).toBe("console.aws.amazon.com");
    await page.getByLabel("Start page (relay state)").fill("");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText(/^Saved DataReaders\. AWS is updating it in the account where it is assigned/).waitFor();
    await page.reload();
    expect(await page.getByLabel("Session length").inputValue()).toBe("8");

    // Still assigned in one account: deleting is refused until that assignment goes.
    expect(await page.getByRole("button", { name: "Delete permission set" }).count()).toBe(0);
    await page.getByText(/in use in one account\. Remove its assignments first/).waitFor();

    const accountId = /account (\d{12})\./.exec((await page.getByTestId("permission-set-accounts").textContent())!)![1];
    await page.goto(`${stack.baseUrl}/access/accounts/${accountId}`);
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Remove" }).click();
    await page.getByText("Nobody is assigned to this account through IAM Identity Center.").waitFor({ timeout: 20_000 });

    await page.goto(`${stack.baseUrl}/access`);
    await page.getByRole("link", { name: "DataReaders" }).click();
    await page
      .getByTestId("permission-set-accounts")
      .getByText(/Not assigned in any account/)
      .waitFor({ timeout: 20_000 });
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Delete permission set" }).click();
    await page.getByText("Deleted the permission set DataReaders.").waitFor();
    await page.getByText(/^No permission sets yet/).waitFor();
    await page.goto(`${stack.baseUrl}/audit`);
    expect(await page.locator("main").textContent()).toMatch(/permission-set\.delete/);
  });

  it("says a set AWS created was created even when it cannot be read back, and does not offer to create it again", async () => {
    const faults = (rules: unknown[]) => fetch(`${stack.env.SIM_CONTROL_URL}/faults`, { method: "PUT", body: JSON.stringify(rules) });
    await page.goto(`${stack.baseUrl}/access/permission-sets/new`);
    await page.getByLabel("Name").fill("Unreadable");
    await faults([{ route: "sso-admin:DescribePermissionSet", errorRate: 1 }]);
    try {
      await page.getByRole("button", { name: "Create permission set" }).click();
      await page.getByText(/^Created the permission set Unreadable\. SSO Bridge could not read it back from AWS afterwards/).waitFor({ timeout: 30_000 });
      expect(await page.getByRole("button", { name: "Create permission set" }).isDisabled()).toBe(true);
    } finally {
      await faults([]);
    }
    await page.getByRole("link", { name: "Back to access" }).click();
    // The list was read again while AWS could not describe the new set: the page keeps the last list and says why,
    // and Check now, with AWS answering again, brings the new set in.
    const card = page.locator("section", { has: page.getByRole("heading", { name: "Permission sets" }) });
    await card
      .getByTestId("reading-age")
      .getByText(/The last read failed: AWS had an internal error/)
      .waitFor();
    expect(await card.getByText("Unreadable").count()).toBe(0);
    await card.getByRole("button", { name: "Check now for the permission sets" }).click();
    await page.getByRole("table", { name: "Permission sets" }).getByText("Unreadable").waitFor();
    expect(await card.getByTestId("reading-age").textContent()).toMatch(/^As of \d+ s ago$/);
  });

  it("broke no page's Content-Security-Policy", () => {
    expect(cspViolations(browser)).toEqual([]);
  });
});
