import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA_ADMIN } from "@/simulators/entra/tenant";
import { launchChromium, signInAs } from "./support/browser";
import { connectClouds, stepSection, waitForStepDone } from "./support/federation-walk";
import { startStack, type Stack } from "./support/stack";
import { createEmptyDatabase, testProvider, type TestDatabase } from "../support/databases";

// An operator creates a permission set from a template in the browser, is told exactly what is
// wrong with a mistyped inline policy without losing the form, edits the set and deletes it.

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

describe(`permission sets in a real browser, on ${testProvider()}`, () => {
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
    expect(await page.getByRole("table", { name: "Permission sets" }).textContent()).toMatch(/DataReaders.*Read-only access to all services.*4 hours/);
  });

  it("edits the set, then deletes it after a confirmation", async () => {
    await page.getByRole("link", { name: "DataReaders" }).click();
    await page.getByTestId("permission-set-accounts").getByText(/Not assigned in any account/).waitFor();
    expect(await page.getByLabel("Inline policy").inputValue()).toContain('"s3:Delete*"');
    await page.getByLabel("Session length").selectOption("8");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved DataReaders. It is not assigned in any account yet.").waitFor();
    await page.reload();
    expect(await page.getByLabel("Session length").inputValue()).toBe("8");

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Delete permission set" }).click();
    await page.getByText("Deleted the permission set DataReaders.").waitFor();
    await page.getByText(/^No permission sets yet/).waitFor();
    await page.goto(`${stack.baseUrl}/audit`);
    expect(await page.locator("main").textContent()).toMatch(/permission-set\.delete/);
  });
});
