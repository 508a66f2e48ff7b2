import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA_ADMIN, VERA_VIEWER } from "@/simulators/entra/tenant";
import { accessibilityViolations } from "./support/accessibility";
import { launchChromium, signInAs } from "./support/browser";
import { connectClouds, walkFederation } from "./support/federation-walk";
import { startStack, type Stack } from "./support/stack";
import { createEmptyDatabase, testProvider, type TestDatabase } from "../support/databases";

// Every page of the console, checked by axe-core against WCAG 2.1 A and AA, as an admin and as a
// viewer sees it, and at a phone's width (390 px), where nothing may need scrolling sideways.

let database: TestDatabase;
let stack: Stack;
let browser: Browser;
let admin: Page;

const PAGES = ["/", "/setup", "/provisioning", "/access", "/access/assign", "/drift", "/nested-groups", "/audit", "/settings", "/signin"];
// Pages that fill in from the background readers: checked once what they are for has arrived.
const READY: Record<string, RegExp> = { "/access/assign": /^Select all in Root$/ };

beforeAll(async () => {
  database = await createEmptyDatabase();
  stack = await startStack({ databaseUrl: database.url });
  browser = await launchChromium();
  admin = await (await browser.newContext()).newPage();
  await signInAs(admin, stack.baseUrl, ADA_ADMIN.displayName);
  await connectClouds(admin, stack);
  await walkFederation(admin, stack);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await database?.drop();
});

async function violationsOn(page: Page, path: string): Promise<string[]> {
  await page.goto(`${stack.baseUrl}${path}`);
  await page.waitForLoadState("networkidle");
  if (READY[path]) await page.getByRole("button", { name: READY[path] }).waitFor({ timeout: 30_000 });
  return (await accessibilityViolations(page)).map((v) => `${path}: ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).join(", ")}`);
}

describe(`accessibility on ${testProvider()}`, () => {
  it("finds no WCAG 2.1 A or AA violation on any page an admin sees", async () => {
    const found: string[] = [];
    for (const path of PAGES.filter((p) => p !== "/signin")) found.push(...(await violationsOn(admin, path)));
    expect(found).toEqual([]);
  });

  it("finds none on the pages a viewer sees, nor on the sign-in page", async () => {
    const signedOut = await (await browser.newContext()).newPage();
    const found = await violationsOn(signedOut, "/signin");
    const viewer = await (await browser.newContext()).newPage();
    await signInAs(viewer, stack.baseUrl, VERA_VIEWER.displayName);
    for (const path of ["/", "/setup", "/settings"]) found.push(...(await violationsOn(viewer, path)));
    expect(found).toEqual([]);
  });

  it("fits a 390 px wide screen: no page scrolls sideways", async () => {
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signInAs(phone, stack.baseUrl, ADA_ADMIN.displayName);
    const overflowing: string[] = [];
    for (const path of PAGES.filter((p) => p !== "/signin")) {
      await phone.goto(`${stack.baseUrl}${path}`);
      await phone.waitForLoadState("networkidle");
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) {
        // Name what sticks out, so a failure says where to look.
        const culprits = await phone.evaluate(() =>
          [...document.querySelectorAll("main *")]
            .filter((e) => e.getBoundingClientRect().right > 391)
            .slice(0, 3)
            .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 3).join(".")}`),
        );
        overflowing.push(`${path}: ${width} px (${culprits.join(", ")})`);
      }
    }
    expect(overflowing).toEqual([]);
    // Every section of the navigation is in view: none hides in a strip that scrolls sideways.
    for (const name of ["Overview", "Setup", "Provisioning", "Drift", "Access", "Audit", "Settings"]) {
      const box = await phone.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, `${name} is in view`).toBe(true);
    }
  });
});
