// The one place JSON text is parsed. Stored columns go through lib/json-column.ts, which uses it; other JSON (an answer
// from a cloud, a token's payload, a document a person pasted) comes here directly and is then checked by its schema.

/** Text an answer carries, as JSON, or undefined when it is not JSON: the caller's schema then says what was wrong with it. */
export function jsonOrUndefined(text: string): unknown {
  const parsed = parseJsonText(text);
  return parsed.ok ? parsed.value : undefined;
}

/** Text as JSON, or the parser's complaint; the complaint quotes the text, so it is only for the person who wrote it. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, problem: e instanceof Error ? e.message : String(e) };
  }
}
