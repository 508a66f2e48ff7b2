import { chromium, type Browser, type Page } from "playwright-core";
import { findChromium, thisMachine } from "./find-chromium";

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** The real authorization-code flow: SSO Bridge's sign-in page, the Entra simulator's page, back. */
export async function signInAs(page: Page, baseUrl: string, displayName: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByRole("button", { name: "Sign in with Microsoft Entra ID" }).click();
  await page.getByRole("button", { name: new RegExp(displayName) }).click();
  await page.waitForURL((url) => url.origin === baseUrl && url.pathname !== "/api/auth/callback/azure-ad");
}
