import type { Page } from "playwright-core";
import type { Stack } from "./stack";

// The shortest path through connections and federation in the browser, for tests of what comes
// after it (the federation test itself walks it with its detours and checks).

export function stepSection(page: Page, id: string) {
  return page.locator(`section#${id}`);
}

export async function waitForStepDone(page: Page, id: string): Promise<void> {
  await stepSection(page, id).getByText("Done", { exact: true }).first().waitFor({ timeout: 20_000 });
}

export async function connectClouds(page: Page, stack: Pick<Stack, "baseUrl">): Promise<void> {
  await page.goto(`${stack.baseUrl}/settings`);
  await page.getByRole("button", { name: "Save AWS connection" }).click();
  await page.getByText(/^Saved: region/).waitFor();
  await page.getByRole("button", { name: "Save Entra connection" }).click();
  await page.getByText(/^Saved\. Test the connection/).waitFor();
}

/**
 * The six federation steps in the browser, with the AWS console change that step 6 confirms made
 * in the simulated console, unless `changeInAws` is false (a person who ticks it without making it).
 */
export async function walkFederation(page: Page, stack: Pick<Stack, "baseUrl" | "env">, opts: { changeInAws?: boolean } = {}): Promise<void> {
  await page.goto(`${stack.baseUrl}/setup`);
  await stepSection(page, "identity-center-instance").getByRole("button", { name: "Use this instance" }).click();
  await waitForStepDone(page, "identity-center-instance");
  const spMetadata = await fetch(`${stack.env.AWS_CONSOLE_URL}/singlesignon/sp-metadata.xml`).then((r) => r.text());
  await stepSection(page, "aws-sp-metadata")
    .getByLabel("IAM Identity Center SAML metadata file")
    .setInputFiles({ name: "aws.xml", mimeType: "text/xml", buffer: Buffer.from(spMetadata) });
  await stepSection(page, "aws-sp-metadata").getByRole("button", { name: "Upload and check" }).click();
  await waitForStepDone(page, "aws-sp-metadata");
  for (const [id, button] of [
    ["enterprise-app", "Create application"],
    ["saml-sso", "Configure SAML single sign-on"],
    ["federation-metadata", "Fetch federation metadata"],
  ] as const) {
    await stepSection(page, id).getByRole("button", { name: button }).click();
    await waitForStepDone(page, id);
  }
  if (opts.changeInAws ?? true) await changeIdentitySourceInConsole(page, stack);
  await stepSection(page, "identity-source")
    .getByLabel(/I uploaded the federation metadata/)
    .check();
  await stepSection(page, "identity-source").getByRole("button", { name: "Confirm the change" }).click();
  await waitForStepDone(page, "identity-source");
}

/** What an operator does in the AWS console after step 5: upload the metadata SSO Bridge offers for download and accept the change. */
export async function changeIdentitySourceInConsole(page: Page, stack: Pick<Stack, "baseUrl" | "env">): Promise<void> {
  const metadata = await page.request.get(`${stack.baseUrl}/setup/federation-metadata`).then((r) => r.text());
  const form = new FormData();
  form.set("idpMetadata", new File([metadata], "federationmetadata.xml", { type: "text/xml" }));
  form.set("accept", "ACCEPT");
  const response = await fetch(`${stack.env.AWS_CONSOLE_URL}/singlesignon/identity-source`, { method: "POST", body: form });
  if (response.status !== 200) throw new Error(`the simulated console refused the identity source change (HTTP ${response.status})`);
}
