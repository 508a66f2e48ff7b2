/** Text an answer carries, as JSON, or undefined when it is not JSON: the caller's schema then says what was wrong with it. */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
