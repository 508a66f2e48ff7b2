import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { ADA_ADMIN, FRANK_FOREIGN, GRETA_GUEST, NINA_NEWCOMER, OSCAR_OPERATOR, VERA_VIEWER } from "@/simulators/entra/tenant";
import { cspViolations, launchChromium, signInAs } from "./support/browser";
import { callServerAction, serverActionId } from "./support/server-actions";
import { startStack, type Stack } from "./support/stack";
import { createEmptyDatabase, testProvider, type TestDatabase } from "../support/databases";

let database: TestDatabase;
let stack: Stack;
let browser: Browser;
let db: Db;
const contexts: BrowserContext[] = [];

async function newPage(options?: Parameters<Browser["newContext"]>[0]): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  database = await createEmptyDatabase();
  stack = await startStack({ databaseUrl: database.url });
  browser = await launchChromium();
  db = createDb(stack.env.DATABASE_URL!);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await db?.$disconnect();
  await stack?.stop();
  await database?.drop();
});

describe(`sign-in and roles in a real browser, on ${testProvider()}`, () => {
  let ada: Page;
  let vera: Page;

  it("lets nobody in without a session, except to the health check", async () => {
    for (const p of ["/", "/settings", "/audit", "/setup"]) {
      const res = await fetch(`${stack.baseUrl}${p}`, { redirect: "manual" });
      expect(res.status, p).toBe(307);
      expect(res.headers.get("location"), p).toMatch(/\/signin$/);
    }
    const health = await fetch(`${stack.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: { provider: testProvider(), ok: true } });
    for (const p of ["/audit/export?format=csv", "/setup/federation-metadata"]) {
      const res = await fetch(`${stack.baseUrl}${p}`, { redirect: "manual" });
      expect(res.status, p).toBe(401);
      expect(await res.json(), p).toEqual({ error: "Your session has ended. Sign in again." });
    }
  });

  it("sends a Content-Security-Policy whose fresh nonce every script of the page carries, and no HSTS over plain http", async () => {
    const [first, second] = await Promise.all([fetch(`${stack.baseUrl}/signin`), fetch(`${stack.baseUrl}/signin`)]);
    const policy = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toMatch(/script-src [^;]*'strict-dynamic'/);
    expect(policy).not.toContain("'unsafe-inline'");
    expect(policy).not.toContain("'unsafe-eval'");
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]) expect(policy).toContain(directive);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    const scripts = [...(await first.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // NEXTAUTH_URL is http://localhost here: HSTS would be wrong (lib/security-headers.test.ts shows it over https).
    expect(first.headers.get("strict-transport-security")).toBeNull();
    expect((await fetch(`${stack.baseUrl}/api/health`)).headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("makes the first person to sign in admin, through the authorization code flow", async () => {
    ada = await newPage();
    await signInAs(ada, stack.baseUrl, ADA_ADMIN.displayName);
    await expect.poll(() => ada.getByTestId("signed-in-as").textContent()).toContain("Ada Admin · admin");
    await ada.getByRole("link", { name: "Settings" }).click();
    await ada.getByRole("heading", { name: "Settings" }).waitFor();
  });

  it("keeps a signed-in person on SSO Bridge whatever return address the sign-in page is given", async () => {
    // Sent off-site, the navigation fails (evil.example does not resolve): say so rather than where the page was before.
    const landing = async (callbackUrl: string) => {
      try {
        await ada.goto(`${stack.baseUrl}/signin?callbackUrl=${callbackUrl}`);
        return ada.url();
      } catch (e) {
        return `left SSO Bridge: ${(e as Error).message.split("\n")[0]}`;
      }
    };
    for (const address of ["/.//evil.example", "/..//evil.example", "/%2e//evil.example", "//evil.example", "/\\evil.example", "https://evil.example/"]) {
      expect(await landing(encodeURIComponent(address)), address).toBe(`${stack.baseUrl}/`);
      await expect.poll(() => ada.getByTestId("signed-in-as").textContent()).toContain("Ada Admin");
    }
    // Unencoded, as people paste it.
    expect(await landing("/.//evil.example")).toBe(`${stack.baseUrl}/`);
    expect(await landing(encodeURIComponent("/audit?outcome=success"))).toBe(`${stack.baseUrl}/audit?outcome=success`);

    // next-auth's own callbackUrl (sign-in, sign-out) goes through the same check.
    const anonymous = await newPage();
    const { csrfToken } = (await (await anonymous.request.get(`${stack.baseUrl}/api/auth/csrf`)).json()) as { csrfToken: string };
    const signOut = await anonymous.request.post(`${stack.baseUrl}/api/auth/signout`, { form: { csrfToken, callbackUrl: "/.//evil.example", json: "true" } });
    expect(await signOut.json()).toEqual({ url: `${stack.baseUrl}/` });
  });

  it("signs later people in as viewers, who read Settings without controls and get 403 on pages that change things", async () => {
    vera = await newPage();
    await signInAs(vera, stack.baseUrl, VERA_VIEWER.displayName);
    await expect.poll(() => vera.getByTestId("signed-in-as").textContent()).toContain("Vera Viewer · viewer");
    const settings = await vera.goto(`${stack.baseUrl}/settings`);
    expect(settings?.status()).toBe(200);
    await vera.getByText("You can see how SSO Bridge is set up; only an admin can change it.").waitFor();
    expect(await vera.getByTestId("settings-read-only").textContent()).toContain(ADA_ADMIN.userPrincipalName);
    expect(await vera.getByRole("button").filter({ hasNotText: "Sign out" }).count()).toBe(0);
    expect(await vera.locator("main input, main select, main textarea").count()).toBe(0);
    const res = await vera.goto(`${stack.baseUrl}/access/assign`);
    expect(res?.status()).toBe(403);
    await vera.getByRole("heading", { name: "You do not have access to this page" }).waitFor();
  });

  it("records no address a client merely claims: with no trusted proxies configured, X-Forwarded-For is ignored", async () => {
    const oscar = await newPage({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.66" } });
    await signInAs(oscar, stack.baseUrl, OSCAR_OPERATOR.displayName);
    await expect.poll(() => oscar.getByTestId("signed-in-as").textContent()).toContain("Oscar Operator");
    const signIn = await db.auditEvent.findFirstOrThrow({
      where: { action: "auth.sign-in", outcome: "success", targetLabel: OSCAR_OPERATOR.userPrincipalName },
    });
    expect(signIn.ipAddress).toBeNull();
    expect(await db.auditEvent.count({ where: { ipAddress: "198.51.100.66" } })).toBe(0);
  });

  it("refuses a viewer's direct call of an admin server action, changes nothing and records the refusal", async () => {
    const veraRow = await db.user.findUniqueOrThrow({ where: { login: VERA_VIEWER.userPrincipalName } });
    const changeRole = serverActionId("actions/people.ts", "changePersonRole");
    await vera.goto(`${stack.baseUrl}/`);
    const res = await callServerAction(vera, "/settings", changeRole, [null, { personId: veraRow.id, role: "admin" }]);
    expect(res.body).toContain("Your role does not allow this. Ask an admin.");
    expect((await db.user.findUniqueOrThrow({ where: { id: veraRow.id } })).role).toBe("viewer");
    const refusal = await db.auditEvent.findFirst({ where: { action: "person.role.change", outcome: "denied", actorId: veraRow.id } });
    expect(refusal).not.toBeNull();
    // Refused under the name of what was asked: enabling a person is not recorded as disabling one.
    const enable = serverActionId("actions/people.ts", "enablePerson");
    expect((await callServerAction(vera, "/settings", enable, [null, { personId: veraRow.id }])).body).toContain(
      "Your role does not allow this. Ask an admin.",
    );
    expect(await db.auditEvent.count({ where: { action: "person.enable", outcome: "denied", actorId: veraRow.id } })).toBe(1);

    const saveSettings = serverActionId("actions/settings.ts", "saveSignInSettings");
    const anonymous = await fetch(`${stack.baseUrl}/settings`, {
      method: "POST",
      headers: { "Next-Action": saveSettings, Accept: "text/x-component", "Content-Type": "text/plain;charset=UTF-8" },
      body: JSON.stringify([null, { selfSignUp: "false" }]),
    });
    expect(await anonymous.text()).toContain("Your session has ended. Sign in again.");
  });

  it("lets an admin change a role in the UI, effective at once", async () => {
    await ada.goto(`${stack.baseUrl}/settings`);
    const row = ada.getByTestId(`person-${VERA_VIEWER.userPrincipalName}`);
    await row.getByLabel(`Role of ${VERA_VIEWER.userPrincipalName}`).selectOption("operator");
    await row.getByRole("button", { name: "Change role" }).click();
    await row.getByText(`${VERA_VIEWER.userPrincipalName} is now operator.`).waitFor();
    await vera.reload();
    await expect.poll(() => vera.getByTestId("signed-in-as").textContent()).toContain("Vera Viewer · operator");
  });

  it("with self sign-up off, refuses a newcomer with a clear page; and always refuses another tenant", async () => {
    await ada.goto(`${stack.baseUrl}/settings`);
    await ada.getByLabel(/Self sign-up/).uncheck();
    await ada.getByRole("button", { name: "Save sign-in settings" }).click();
    await ada.getByText("Sign-in settings saved.").waitFor();

    const nina = await newPage();
    await signInAs(nina, stack.baseUrl, NINA_NEWCOMER.displayName);
    await nina.getByRole("heading", { name: "You have not been added to SSO Bridge" }).waitFor();

    const frank = await newPage();
    await signInAs(frank, stack.baseUrl, FRANK_FOREIGN.displayName);
    await frank.getByRole("heading", { name: "This account belongs to another organization" }).waitFor();
    expect(await db.user.count({ where: { login: { in: [NINA_NEWCOMER.userPrincipalName, FRANK_FOREIGN.userPrincipalName] } } })).toBe(0);
  });

  it("refuses a guest of the tenant, whom only the acct claim tells apart (the tenant authenticated her: no idp claim)", async () => {
    const greta = await newPage();
    await signInAs(greta, stack.baseUrl, GRETA_GUEST.displayName);
    await greta.getByRole("heading", { name: "Guest accounts cannot sign in" }).waitFor();
    expect(await db.user.count({ where: { login: GRETA_GUEST.userPrincipalName } })).toBe(0);
    const refusal = await db.auditEvent.findFirstOrThrow({ where: { action: "auth.sign-in", outcome: "denied", targetLabel: GRETA_GUEST.userPrincipalName } });
    expect(refusal.details).toContain('"reason":"guest"');
  });

  it("signs out, ending the session", async () => {
    await vera.goto(`${stack.baseUrl}/`);
    await vera.getByRole("button", { name: "Sign out" }).click();
    await vera.getByText("You have signed out.").waitFor();
    await vera.goto(`${stack.baseUrl}/settings`);
    expect(new URL(vera.url()).pathname).toBe("/signin");
  });

  it("records every change in the audit log, whose chain verifies", async () => {
    await ada.goto(`${stack.baseUrl}/audit`);
    await ada.getByRole("heading", { name: "Audit" }).waitFor();
    const actions = await ada.getByTestId("audit-row").allTextContents();
    for (const action of ["auth.sign-in", "auth.sign-out", "person.role.change", "settings.sign-in.update"]) {
      expect(
        actions.some((a) => a.includes(action)),
        action,
      ).toBe(true);
    }
    const { stdout } = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["scripts/cli.ts", "audit", "verify"], {
      env: { ...process.env, ...stack.env },
    });
    expect(stdout).toMatch(/^audit chain verifies: \d+ events/);
  });

  it("finds the role change by filter, shows what changed and who did it, exports it and verifies the chain", async () => {
    await ada.goto(`${stack.baseUrl}/audit`);
    await ada.getByLabel("Action").fill("person.role.change");
    await ada.getByLabel("Outcome").selectOption("success");
    await ada.getByRole("button", { name: "Show" }).click();
    await ada.waitForURL(/action=person\.role\.change/);
    const rows = ada.getByTestId("audit-row");
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.first().textContent()).toMatch(/Ada Admin.*person\.role\.change/);

    await rows
      .first()
      .getByRole("link", { name: /^Event #\d+/ })
      .click();
    const changed = ada.getByRole("table", { name: "Before and after" });
    await changed.waitFor();
    expect(await changed.textContent()).toMatch(/role.*viewer.*operator/);

    const csv = await ada.request.get(`${stack.baseUrl}/audit/export?action=person.role.change&outcome=success&format=csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-disposition"]).toMatch(/attachment; filename="sso-bridge-audit-.*\.csv"/);
    const lines = (await csv.text()).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^seq,id,occurredAt,/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes(",person.role.change,") && l.includes(",success,"))).toBe(true);
    expect(lines.some((l) => l.includes(",Ada Admin,") && l.includes(VERA_VIEWER.userPrincipalName))).toBe(true);
    const unknownFormat = await ada.request.get(`${stack.baseUrl}/audit/export?format=xml`);
    expect(unknownFormat.status()).toBe(400);
    expect(await unknownFormat.json()).toMatchObject({ error: "Ask for format=csv or format=jsonl." });

    await ada.goto(`${stack.baseUrl}/audit`);
    await ada.getByRole("button", { name: "Verify the chain" }).click();
    await ada.getByText(/^The chain verifies: all [\d,]+ events are intact and in order\.$/).waitFor();
  });

  it("lets an operator read the history but not export it", async () => {
    await signInAs(vera, stack.baseUrl, VERA_VIEWER.displayName);
    const response = await vera.request.get(`${stack.baseUrl}/audit/export?format=jsonl`);
    expect(response.status()).toBe(403);
    const veraRow = await db.user.findUniqueOrThrow({ where: { login: VERA_VIEWER.userPrincipalName } });
    expect(await db.auditEvent.findFirst({ where: { action: "audit.export", outcome: "denied", actorId: veraRow.id } })).not.toBeNull();
    await vera.goto(`${stack.baseUrl}/audit`);
    await vera.getByTestId("audit-row").first().waitFor();
    expect(await vera.getByRole("link", { name: "Export CSV" }).count()).toBe(0);
  });

  it("broke no page's Content-Security-Policy", () => {
    expect(cspViolations(browser)).toEqual([]);
  });
});
