import { invalid } from "./errors";

// ListUsers/ListGroups paging. Without a `cursor` parameter the answer is a classic SCIM list
// (totalResults, itemsPerPage, startIndex) capped at `count`; with `cursor` (empty for the first
// page) it switches to itemsPerPage + nextCursor and the client must follow nextCursor.

export const LIST_RESPONSE_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const CURSOR_PATTERN = /^[-a-zA-Z0-9+=/:_]*$/;

export function pageOf<T>(items: T[], query: URLSearchParams, render: (item: T) => unknown): Record<string, unknown> {
  const count = parseCount(query.get("count"));
  const cursor = query.get("cursor");
  if (cursor === null) {
    const page = items.slice(0, count);
    return { totalResults: items.length, itemsPerPage: page.length, startIndex: 1, schemas: [LIST_RESPONSE_URN], Resources: page.map(render) };
  }
  const offset = decodeCursor(cursor);
  const page = items.slice(offset, offset + count);
  const next = offset + page.length;
  return {
    itemsPerPage: page.length,
    ...(next < items.length ? { nextCursor: encodeCursor(next) } : {}),
    schemas: [LIST_RESPONSE_URN],
    Resources: page.map(render),
  };
}

function parseCount(raw: string | null): number {
  if (raw === null) return 100;
  if (!/^\d+$/.test(raw)) throw invalid();
  const n = Number(raw);
  if (n < 1 || n > 100) throw invalid("count must be between 1 and 100.");
  return n;
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64");
}

function decodeCursor(cursor: string): number {
  if (cursor === "") return 0;
  if (!CURSOR_PATTERN.test(cursor)) throw invalid("Invalid cursor.");
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!m) throw invalid("Invalid cursor.");
  return Number(m[1]);
}
