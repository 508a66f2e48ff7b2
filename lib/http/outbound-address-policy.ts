import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { AppError } from "@/lib/errors";
import { addressRefusal } from "./special-purpose-addresses";

// SSO Bridge sends requests, with secrets attached, to URLs that people type. Without this check a
// URL could point the server at its own network: the cloud metadata service, a database, an admin
// port on localhost. Labs and the demo's simulators legitimately live there, so an admin may allow it,
// one setting for each kind of URL; the clouds' metadata and credential services stay closed even then.

export type OutboundPolicy = {
  /** loopback, private and other addresses that are not globally reachable, and plain http://, are allowed (a lab) */
  allowPrivateNetworks: boolean;
  /** the setting that allows them, named in a refusal: "Allow lab SCIM endpoints" */
  labSetting: string;
};

/**
 * Parses the URL and refuses what the policy does not allow: schemes other than https (http only in a lab),
 * credentials in the URL, and a host whose addresses (every one DNS returns) include one that is not globally
 * reachable (addressRefusal), unless the lab setting allows it; metadata services are refused even then.
 * Returns the parsed URL. Throws AppError("InvalidInput", …) naming the address, why, and the setting that
 * would allow it. This is the early, friendly check; the connection itself is checked again (pinned-dispatcher.ts).
 */
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
      `${url.host} would be reached over plain http://, which exposes the request and its credentials on the network; use https://. ${allowHint(policy)}`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  for (const { address } of await resolve(host)) checkAddress(host, address, policy);
  return url;
}

/** Refuses one address a host resolved to (or the host itself, when it is an address) when the policy does not allow it. */
export function checkAddress(host: string, address: string, policy: OutboundPolicy): void {
  const refusal = addressRefusal(address);
  if (!refusal || (policy.allowPrivateNetworks && !refusal.evenInLabs)) return;
  const where = address === host ? address : `${host} resolves to ${address}, which`;
  const carried = refusal.carried ? ` (${refusal.carried.ipv4}, carried in ${refusal.carried.form} form)` : "";
  const allow = refusal.evenInLabs ? "No setting allows it: it would hand out this server's cloud credentials." : allowHint(policy);
  throw new AppError(
    "InvalidInput",
    `${where} is ${/^[aeiou]/i.test(refusal.why) ? "an" : "a"} ${refusal.why} address${carried}: SSO Bridge does not send requests into its own network. ${allow}`,
  );
}

/** Every address the host name resolves to, as the system's resolver answers now; an address is its own answer. */
export async function lookupAll(host: string): Promise<LookupAddress[]> {
  const family = isIP(host);
  if (family) return [{ address: host, family }];
  return lookup(host, { all: true, verbatim: true });
}

function allowHint(policy: OutboundPolicy): string {
  return `For a demo or lab (such as the simulators) an admin can allow it with the "${policy.labSetting}" setting in Settings → Endpoints.`;
}

async function resolve(host: string): Promise<LookupAddress[]> {
  try {
    return await lookupAll(host);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "ENODATA")
      throw new AppError("InvalidInput", `The host name ${host} does not exist (DNS has no address for it). Check the URL for typos.`);
    throw new AppError("Unavailable", `Could not look up the host name ${host} (${code ?? "DNS failure"}). Check the server's DNS settings and try again.`);
  }
}
