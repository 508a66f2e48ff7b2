import { isIP } from "node:net";

// Which X-Forwarded-For entry names the client. Each proxy appends the address it received the request
// from, so entries are only as true as the proxy that wrote them: the right-most was written by the
// proxy nearest SSO Bridge, the one before it by the next proxy out, and whatever is further left came
// from the client. With `trustedProxies` proxies in front (SSO_BRIDGE_TRUSTED_PROXIES), the client is
// the entry the outermost of them wrote: the n-th from the right. A hop count rather than a list of
// proxy addresses, because Next.js hands an application the connection's address only in this same
// header, and only when the request carried none: there is no socket address to check a list against.

/** The client's address as the trusted proxies report it, or undefined when they cannot vouch for one. */
export function clientAddress(forwardedFor: string | null | undefined, trustedProxies: number): string | undefined {
  if (trustedProxies < 1 || !forwardedFor) return undefined;
  const entries = forwardedFor.split(",").map((entry) => entry.trim());
  if (entries.length < trustedProxies) return undefined;
  return ipAddress(entries[entries.length - trustedProxies] ?? "");
}

/** The address alone ("203.0.113.9:51234" and "[2001:db8::1]:51234" name a port too), or undefined for anything else. */
function ipAddress(entry: string): string | undefined {
  if (isIP(entry)) return entry;
  const withPort = /^\[([^\]]+)\]:\d+$/.exec(entry) ?? /^([^:]+):\d+$/.exec(entry);
  const address = withPort?.[1];
  return address && isIP(address) ? address : undefined;
}
