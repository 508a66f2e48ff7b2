import fs from "node:fs";
import type { Page } from "playwright-core";

// WCAG 2.1 A and AA, as axe-core checks them in the page as a person's browser has it. axe is
// evaluated through the DevTools protocol, which the console's Content-Security-Policy does not
// govern, so the page under test keeps its real policy.

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: string[] };

export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(`${AXE_SOURCE};0`);
  return page.evaluate(async (tags) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  }, WCAG_21_AA);
}
