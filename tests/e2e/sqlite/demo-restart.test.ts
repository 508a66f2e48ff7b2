import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA_ADMIN } from "@/simulators/entra/tenant";
import { readEnvFile } from "@/simulators/start-simulators";
import { launchChromium, signInAs } from "../support/browser";
import { connectClouds, stepSection, walkFederation } from "../support/federation-walk";
import { freePort, waitForHealthy } from "../support/stack";

// The demo as a person runs it on two days: `npm run demo`, the federation setup, Ctrl+C, and
// `npm run demo` again the next morning, which finds the same tenant, app and AWS instance.

type Demo = { baseUrl: string; env: Record<string, string>; output: () => string; stop(): Promise<void> };

let dataDir: string;
let port: number;
let browser: Browser;
let demo: Demo | undefined;

async function startDemo(): Promise<Demo> {
  let output = "";
  const child: ChildProcess = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/demo.ts", "--no-build"], {
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
