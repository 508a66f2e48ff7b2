// Where a person is sent after signing in (or when already signed in): the one check for every return
// address SSO Bridge accepts, so that no spelling of one becomes an open redirect.
//
// The address is resolved as a browser resolves a Location header (dot segments, "%2e" included), and
// only a result on this origin counts. Its path must then stay a plain path whatever decodes it later
// (Next.js decodes paths for routing and turns repeated slashes into a redirect): no "//", backslash,
// control character or dot segment at any depth of percent-decoding. Anything else returns home. The
// result is built from the parsed URL, never passed through as written.

const HOME = "/";
/** What no address can name: resolving against it leaves only relative paths on "this" origin. */
const NO_ORIGIN = "http://sso-bridge.invalid";
/** Deeper encodings than this are not an address anyone meant. */
const MAX_DECODING_ROUNDS = 4;
const CONTROL_OR_BACKSLASH = /[\\\u0000-\u001f\u007f-\u009f]/;
/** A path, or an absolute http(s) address; relative forms ("evil.example", "https:evil.example") depend on where they are read. */
const PATH_OR_ABSOLUTE = /^(\/|https?:\/\/)/i;

/**
 * The same-origin path (with its query and fragment) to send a person to, or "/" when `address` is not
 * plainly a path on `origin`. Without an origin, only paths are accepted.
 */
export function returnPath(address: string | undefined | null, origin: string = NO_ORIGIN): string {
  if (!address || !PATH_OR_ABSOLUTE.test(address) || CONTROL_OR_BACKSLASH.test(address)) return HOME;
  const base = new URL(origin);
  let url: URL;
  try {
    url = new URL(address, base);
  } catch {
    return HOME;
  }
  if (url.origin !== base.origin || !isPlainPath(url.pathname)) return HOME;
  return `${url.pathname}${url.search}${url.hash}`;
}

function isPlainPath(pathname: string): boolean {
  let path = pathname;
  for (let round = 0; round < MAX_DECODING_ROUNDS; round++) {
    if (!path.startsWith("/") || path.includes("//") || CONTROL_OR_BACKSLASH.test(path) || /(^|\/)\.\.?(\/|$)/.test(path)) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return false;
    }
    if (decoded === path) return true;
    path = decoded;
  }
  return false;
}
