import { lookup } from "node:dns/promises";
import { BlockList, isIPv4, isIPv6 } from "node:net";
import { AppError } from "@/lib/errors";

// SSO Bridge sends requests, with secrets attached, to URLs that people type. Without this check a
// URL could point the server at its own network: the cloud metadata service, a database, an admin
// port on localhost. Labs and the demo's simulators legitimately live there, so an admin may allow it.

export type OutboundPolicy = { allowPrivateNetworks: boolean };

const ALLOW_HINT = 'For a demo or lab (such as the simulators) an admin can allow it with the "Allow lab SCIM endpoints" setting in Settings.';

const RANGES: [string, number, "ipv4" | "ipv6", string][] = [
  ["0.0.0.0", 8, "ipv4", "unspecified (this-network)"],
  ["127.0.0.0", 8, "ipv4", "loopback"],
  ["10.0.0.0", 8, "ipv4", "private (RFC 1918)"],
  ["172.16.0.0", 12, "ipv4", "private (RFC 1918)"],
  ["192.168.0.0", 16, "ipv4", "private (RFC 1918)"],
  ["169.254.169.254", 32, "ipv4", "cloud instance metadata service"],
  ["169.254.0.0", 16, "ipv4", "link-local"],
  ["100.64.0.0", 10, "ipv4", "carrier-grade NAT (shared)"],
  ["224.0.0.0", 4, "ipv4", "multicast"],
  ["240.0.0.0", 4, "ipv4", "reserved or broadcast"],
  ["::", 128, "ipv6", "unspecified"],
  ["::1", 128, "ipv6", "loopback"],
  // Deprecated IPv4-compatible addresses; nothing public uses them.
  ["::", 96, "ipv6", "IPv4-compatible (deprecated)"],
  ["fd00:ec2::254", 128, "ipv6", "cloud instance metadata service"],
  ["fc00::", 7, "ipv6", "private (unique local)"],
  ["fe80::", 10, "ipv6", "link-local"],
  ["ff00::", 8, "ipv6", "multicast"],
];

// One BlockList per range so a refusal can say which rule matched, most specific first.
const RULES = RANGES.map(([net, prefix, type, why]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return { list, type, why };
});

/** Why an address is off limits, or null for a public address. */
export function forbiddenReason(address: string): string | null {
  const ip = embeddedIPv4(address) ?? address;
  const type = isIPv4(ip) ? "ipv4" : isIPv6(ip) ? "ipv6" : null;
  if (type === null) return "not an IP address";
  return RULES.find((r) => r.type === type && r.list.check(ip, type))?.why ?? null;
}

/** Resolves the host (node:dns/promises lookup, all addresses) and refuses loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 incl. the cloud metadata address, fe80::/10), unspecified, multicast and CGNAT 100.64/10 addresses unless allowed; refuses non-https unless allowPrivateNetworks; refuses credentials in the URL. Returns the parsed URL. Throws AppError("InvalidInput", …) naming the address and why, and how an admin allows it (a setting, for demo and lab use). */
export async function checkOutboundUrl(raw: string, policy: OutboundPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError("InvalidInput", "This is not a URL: it should start with https://.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new AppError("InvalidInput", `SSO Bridge only connects to https:// URLs, not ${url.protocol}//.`);
  // The credentials are deliberately not repeated in the message.
  if (url.username || url.password)
    throw new AppError("InvalidInput", "The URL contains a user name or password; remove them (the access token is entered separately).");
  if (url.protocol === "http:" && !policy.allowPrivateNetworks) {
    throw new AppError(
      "InvalidInput",
      `${url.host} would be reached over plain http://, which exposes the access token on the network; use https://. ${ALLOW_HINT}`,
    );
  }
  if (policy.allowPrivateNetworks) return url;

  const host = url.hostname.replace(/^\[|\]$/g, "");
  for (const address of await resolve(host)) checkAddress(host, address);
  return url;
}

/**
 * Refuses one address a host resolved to when it is off limits. Kept apart from the lookup so that the
 * address a connection is finally made to can be checked the same way (a dispatcher's lookup), which
 * closes the gap between this check and a later, different DNS answer.
 */
export function checkAddress(host: string, address: string): void {
  const why = forbiddenReason(address);
  if (!why) return;
  const where = address === host ? address : `${host} resolves to ${address}, which`;
  throw new AppError(
    "InvalidInput",
    `${where} is ${/^[aeiou]/i.test(why) ? "an" : "a"} ${why} address: SSO Bridge does not send requests into its own network. ${ALLOW_HINT}`,
  );
}

async function resolve(host: string): Promise<string[]> {
  if (isIPv4(host) || isIPv6(host)) return [host];
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "ENODATA")
      throw new AppError("InvalidInput", `The host name ${host} does not exist (DNS has no address for it). Check the URL for typos.`);
    throw new AppError("Unavailable", `Could not look up the host name ${host} (${code ?? "DNS failure"}). Check the server's DNS settings and try again.`);
  }
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d, also written ::ffff:7f00:1). */
function embeddedIPv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  if (dotted) return dotted;
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1] as string, 16), parseInt(hex[2] as string, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}
