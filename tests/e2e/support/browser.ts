import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { findChromium, thisMachine } from "./find-chromium";

const violations = new WeakMap<Browser, string[]>();

/**
 * Chromium for the browser tests. Every page it opens is watched for Content-Security-Policy violations
 * (read them with cspViolations), so each test file can show that the pages it visited work under the policy.
 */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: findChromium(thisMachine()),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
    headless: true,
  });
  const seen: string[] = [];
  violations.set(browser, seen);
  // Playwright has no browser-wide page event; newPage() goes through newContext() too, so this sees every page.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await watchForCspViolations(context, seen);
    return context;
  };
  return browser;
}

/** What the browser reported as blocked by a Content-Security-Policy, each with the page it happened on. */
export function cspViolations(browser: Browser): readonly string[] {
  return violations.get(browser) ?? [];
}

async function watchForCspViolations(context: BrowserContext, seen: string[]): Promise<void> {
  // Chromium logs each violation to the console; the event catches any it might not.
  context.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) seen.push(`${message.page()?.url() ?? "(no page)"}: ${message.text()}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content-Security-Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline code"}`);
    });
  });
}

/** The real authorization-code flow: SSO Bridge's sign-in page, the Entra simulator's page, back. */
export async function signInAs(page: Page, baseUrl: string, displayName: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByRole("button", { name: "Sign in with Microsoft Entra ID" }).click();
  await page.getByRole("button", { name: new RegExp(displayName) }).click();
  await page.waitForURL((url) => url.origin === baseUrl && url.pathname !== "/api/auth/callback/azure-ad");
}
