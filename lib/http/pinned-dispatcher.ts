import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { Agent, buildConnector } from "undici";
import { checkAddress, lookupAll, type OutboundPolicy } from "./outbound-address-policy";

// Checking a URL's addresses and then letting the connection resolve the name again leaves a gap: DNS
// may answer differently the second time (DNS rebinding), and the request reaches an address nobody
// checked. Here the connection's own lookup checks every address it gets and connects to those, so the
// address checked is the address used. Only the lookup changes: TLS still names and verifies the host
// name (SNI and the certificate), and a redirect's new connection is checked the same way.

const agents = new Map<string, Agent>();

/** The undici dispatcher for requests under this policy (one per policy, so connections are reused). */
export function pinnedDispatcher(policy: OutboundPolicy): Agent {
  const key = `${policy.allowPrivateNetworks}:${policy.labSetting}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = pinnedAgent(policy);
    agents.set(key, agent);
  }
  return agent;
}

function pinnedAgent(policy: OutboundPolicy): Agent {
  const connect = buildConnector({ lookup: checkedLookup(policy) });
  return new Agent({
    connect: (options, callback) => {
      // A URL that names an address is connected to without a lookup: check it here.
      if (isIP(options.hostname)) {
        try {
          checkAddress(options.hostname, options.hostname, policy);
        } catch (e) {
          callback(e as Error, null);
          return;
        }
      }
      connect(options, callback);
    },
  });
}

function checkedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
    checkedAddresses(hostname, family ?? 0, policy).then(
      (addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family)),
      (e: NodeJS.ErrnoException) => callback(e, ""),
    );
  };
}

/** Every address the name resolves to, each checked; those of the family asked for, if any. */
async function checkedAddresses(hostname: string, family: number, policy: OutboundPolicy): Promise<LookupAddress[]> {
  const all = await lookupAll(hostname);
  for (const { address } of all) checkAddress(hostname, address, policy);
  const addresses = family ? all.filter((a) => a.family === family) : all;
  if (addresses.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
  return addresses;
}
