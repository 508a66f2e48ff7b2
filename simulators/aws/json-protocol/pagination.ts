import { AwsJsonError } from "./protocol";

// NextToken is opaque to callers; encoding the offset with a tag for the listing it belongs to lets
// the simulator reject a token replayed against another operation, as AWS does.

export type PageBounds = { min: number; max: number; default: number };

export function paginate<T>(
  items: T[],
  input: { MaxResults?: unknown; NextToken?: unknown },
  bounds: PageBounds,
  listing: string,
  invalid: (message: string) => AwsJsonError,
): { page: T[]; NextToken?: string } {
  let size = bounds.default;
  if (input.MaxResults !== undefined && input.MaxResults !== null) {
    const n = input.MaxResults;
    if (typeof n !== "number" || !Number.isInteger(n) || n < bounds.min || n > bounds.max) {
      const rule = typeof n === "number" && n < bounds.min ? `greater than or equal to ${bounds.min}` : `less than or equal to ${bounds.max}`;
      const shown = typeof n === "string" ? n : JSON.stringify(n);
      throw invalid(`1 validation error detected: Value '${shown}' at 'maxResults' failed to satisfy constraint: Member must have value ${rule}`);
    }
    size = n;
  }
  let offset = 0;
  if (input.NextToken !== undefined && input.NextToken !== null) {
    offset = decode(input.NextToken, listing) ?? -1;
    if (offset < 0) throw invalid("The pagination token is invalid.");
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? encode(offset + size, listing) : undefined;
  return { page, NextToken: next };
}

function encode(offset: number, listing: string): string {
  return Buffer.from(JSON.stringify({ l: listing, o: offset })).toString("base64url");
}

function decode(token: unknown, listing: string): number | undefined {
  if (typeof token !== "string") return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { l?: unknown; o?: unknown };
    return parsed.l === listing && typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0 ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}
