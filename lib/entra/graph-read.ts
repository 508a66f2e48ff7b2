import type { z } from "zod";
import { AppError } from "@/lib/errors";
import type { GraphSession } from "./graph-session";

// What Graph sends back is checked against a schema at the boundary, so the rest of the code
// works with typed, trusted data and a changed or truncated answer fails loudly here.

const MAX_PAGES = 500;

export function parseGraph<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError("CloudRejected", `Microsoft Graph answered with ${what} in an unexpected form.`);
  return parsed.data;
}

/** Every item of a collection, following @odata.nextLink until the last page. */
export async function readAllPages<S extends z.ZodType>(session: GraphSession, path: string, item: S, what: string): Promise<z.output<S>[]> {
  const items: z.output<S>[] = [];
  for await (const page of graphPages(session, path, item, what, () => Promise.resolve(), { maxPages: MAX_PAGES })) items.push(...page);
  return items;
}

/** A string literal for $filter: OData doubles single quotes inside one. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A collection page by page, following @odata.nextLink, with `beforeRequest` awaited ahead of each
 * request (a budget); for listings too large to hold whole. Each page's items are checked. Past
 * `maxPages` it stops with an error rather than ask for another page.
 */
export async function* graphPages<S extends z.ZodType>(
  session: GraphSession,
  path: string,
  item: S,
  what: string,
  beforeRequest: () => Promise<void>,
  opts: { maxPages?: number } = {},
): AsyncGenerator<z.output<S>[]> {
  let next: string | undefined = path;
  for (let page = 0; next; page++) {
    // A partial listing must never pass for the whole one.
    if (opts.maxPages !== undefined && page >= opts.maxPages)
      throw new AppError("CloudRejected", `Microsoft Graph kept paging through ${what}; the listing was abandoned as incomplete.`);
    await beforeRequest();
    const body = (await session.client.api(next).get()) as { value?: unknown; "@odata.nextLink"?: unknown };
    if (!Array.isArray(body?.value)) throw new AppError("CloudRejected", `Microsoft Graph answered with ${what} in an unexpected form.`);
    yield body.value.map((entry) => parseGraph(item, entry, what));
    next = typeof body["@odata.nextLink"] === "string" ? body["@odata.nextLink"] : undefined;
  }
}
