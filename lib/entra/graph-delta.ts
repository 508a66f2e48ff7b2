import { GraphError } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseGraph } from "./graph-read";
import type { GraphSession } from "./graph-session";

// Delta queries on Entra's users and groups: a link taken "from now" ($deltatoken=latest, which
// returns no resources), and later every change since it, page by page, ending with the link to
// ask next time. Graph keeps a link for 7 days; an expired one is reported as such so the caller
// reads everything instead.

const MAX_PAGES = 100_000;

/** What a delta link says: the objects changed since, and the link for next time; "expired" when Graph no longer knows it. */
export type DeltaRound = { items: Record<string, unknown>[]; deltaLink: string } | "expired";

const page = z
  .object({ value: z.array(z.object({ id: z.string() }).loose()), "@odata.nextLink": z.string().optional(), "@odata.deltaLink": z.string().optional() })
  .loose();

export async function latestDeltaLink(session: GraphSession, path: string, beforeRequest: () => Promise<void>): Promise<string> {
  await beforeRequest();
  const body = parseGraph(page, await session.client.api(`${path}${path.includes("?") ? "&" : "?"}$deltatoken=latest`).get(), "a delta link");
  if (!body["@odata.deltaLink"]) throw new AppError("CloudRejected", "Microsoft Graph answered a request for a delta link without one.");
  return body["@odata.deltaLink"];
}

export async function readDeltaRound(
  session: GraphSession,
  deltaLink: string,
  what: string,
  beforeRequest: () => Promise<void>,
  onItems: (count: number) => void,
): Promise<DeltaRound> {
  const items: Record<string, unknown>[] = [];
  const end = await readDeltaPages(session, deltaLink, what, beforeRequest, (page) => {
    items.push(...page);
    onItems(page.length);
  });
  return end === "expired" ? "expired" : { items, deltaLink: end.deltaLink };
}

/**
 * A delta round page by page, for rounds too large to hold whole: from a delta link, or from the
 * query itself for a first round of everything. Ends with the link for next time.
 */
export async function readDeltaPages(
  session: GraphSession,
  from: string,
  what: string,
  beforeRequest: () => Promise<void>,
  onPage: (items: Record<string, unknown>[]) => void,
): Promise<{ deltaLink: string } | "expired"> {
  let next: string | undefined = from;
  for (let n = 0; next; n++) {
    if (n >= MAX_PAGES) throw new AppError("CloudRejected", `Microsoft Graph kept paging through ${what}; the changes were abandoned as incomplete.`);
    await beforeRequest();
    let body: z.output<typeof page>;
    try {
      body = parseGraph(page, await session.client.api(next).get(), what);
    } catch (e) {
      if (isExpired(e)) return "expired";
      throw e;
    }
    onPage(body.value);
    if (body["@odata.deltaLink"]) return { deltaLink: body["@odata.deltaLink"] };
    next = body["@odata.nextLink"];
  }
  throw new AppError("CloudRejected", `Microsoft Graph ended ${what} without a delta link for next time.`);
}

/** Graph's word for a delta or skip token it no longer keeps: 410 Gone, or syncStateNotFound. */
function isExpired(e: unknown): boolean {
  return e instanceof GraphError && (e.statusCode === 410 || /syncStateNotFound|resyncRequired/i.test(e.code ?? ""));
}
