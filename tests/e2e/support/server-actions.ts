import fs from "node:fs";
import type { Page } from "playwright-core";

// Server actions are public HTTP endpoints whatever the UI shows; these helpers call one the way
// a hand-crafted request would, to prove the server itself refuses it.

export function serverActionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, v]) => v.filename === file && v.exportedName === exportedName);
  if (!entry) throw new Error(`no server action ${exportedName} in ${file}`);
  return entry[0];
}

export async function callServerAction(page: Page, path: string, actionId: string, args: unknown[]): Promise<{ status: number; body: string }> {
  return page.evaluate(
    async ({ path, actionId, args }) => {
      const res = await fetch(path, {
        method: "POST",
        headers: { "Next-Action": actionId, Accept: "text/x-component", "Content-Type": "text/plain;charset=UTF-8" },
        body: JSON.stringify(args),
      });
      return { status: res.status, body: await res.text() };
    },
    { path, actionId, args },
  );
}
