import { formatIpAddress, inBlock, ipv4Inside, parseBlock, parseIpAddress, type IpAddress } from "./ip-address";

// The addresses SSO Bridge does not send requests to: IANA's IPv4 and IPv6 Special-Purpose Address
// Registries (every block not globally reachable, with the registries' globally reachable exceptions),
// multicast, the deprecated IPv6 site-local and IPv4-compatible blocks, and the clouds' metadata and
// credential services. An IPv6 address that carries an IPv4 address (mapped, translated, NAT64, 6to4,
// Teredo) is judged by the IPv4 address it carries, which is where the packets end up.

/** Why an address is off limits; `evenInLabs` when no setting may allow it. */
export type AddressRefusal = { why: string; evenInLabs: boolean; carried?: { ipv4: string; form: string } };

type Rule = {
  block: string;
  /** null: globally reachable, although a wider block below is not */
  why: string | null;
  evenInLabs?: true;
  /** the IPv4 addresses inside, for a block that carries them */
  carries?: { form: string; ipv4: (address: IpAddress) => IpAddress[] };
};

const METADATA = "cloud instance metadata service";

// First match wins, so a specific block comes before the wider one it sits in.
const RULES: Rule[] = [
  // Where the clouds hand out instance credentials: never reachable, whatever the lab settings say.
  // AWS, Azure, Google, Oracle and DigitalOcean serve metadata at 169.254.169.254; AWS's container
  // and EKS Pod Identity credentials, Tencent's metadata and others sit elsewhere in 169.254/16, so
  // the whole link-local block stays closed.
  { block: "169.254.169.254/32", why: METADATA, evenInLabs: true },
  { block: "169.254.0.0/16", why: "link-local (where clouds serve instance metadata and credentials)", evenInLabs: true },
  { block: "100.100.100.200/32", why: METADATA, evenInLabs: true }, // Alibaba Cloud
  { block: "168.63.129.16/32", why: "cloud platform service (Azure WireServer)", evenInLabs: true },
  { block: "192.0.0.192/32", why: METADATA, evenInLabs: true }, // Oracle Cloud (Classic)
  { block: "fd00:ec2::254/128", why: METADATA, evenInLabs: true }, // AWS, over IPv6
  { block: "fd00:ec2::23/128", why: "cloud credentials service (EKS Pod Identity)", evenInLabs: true },

  // IPv4
  { block: "0.0.0.0/8", why: "unspecified (this-network)" },
  { block: "10.0.0.0/8", why: "private (RFC 1918)" },
  { block: "100.64.0.0/10", why: "carrier-grade NAT (shared)" },
  { block: "127.0.0.0/8", why: "loopback" },
  { block: "172.16.0.0/12", why: "private (RFC 1918)" },
  { block: "192.0.0.9/32", why: null }, // Port Control Protocol anycast
  { block: "192.0.0.10/32", why: null }, // TURN anycast
  { block: "192.0.0.0/24", why: "IETF protocol assignments" },
  { block: "192.0.2.0/24", why: "documentation (TEST-NET-1)" },
  { block: "192.88.99.2/32", why: null }, // 6a44 relay anycast
  { block: "192.88.99.0/24", why: "deprecated 6to4 relay anycast" },
  { block: "192.168.0.0/16", why: "private (RFC 1918)" },
  { block: "198.18.0.0/15", why: "benchmarking" },
  { block: "198.51.100.0/24", why: "documentation (TEST-NET-2)" },
  { block: "203.0.113.0/24", why: "documentation (TEST-NET-3)" },
  { block: "224.0.0.0/4", why: "multicast" },
  { block: "255.255.255.255/32", why: "broadcast" },
  { block: "240.0.0.0/4", why: "reserved" },

  // IPv6
  { block: "::/128", why: "unspecified" },
  { block: "::1/128", why: "loopback" },
  { block: "::ffff:0:0/96", why: null, carries: { form: "IPv4-mapped", ipv4: (a) => [ipv4Inside(a, 96)] } },
  { block: "::ffff:0:0:0/96", why: null, carries: { form: "IPv4-translated", ipv4: (a) => [ipv4Inside(a, 96)] } },
  // Deprecated IPv4-compatible addresses; nothing public uses them.
  { block: "::/96", why: "IPv4-compatible (deprecated)" },
  { block: "64:ff9b::/96", why: null, carries: { form: "NAT64", ipv4: (a) => [ipv4Inside(a, 96)] } },
  { block: "64:ff9b:1::/48", why: "local-use NAT64 (IPv4/IPv6 translation)" },
  { block: "100::/64", why: "discard-only" },
  { block: "100:0:0:1::/64", why: "dummy IPv6 prefix" },
  { block: "2001:1::1/128", why: null }, // Port Control Protocol anycast
  { block: "2001:1::2/128", why: null }, // TURN anycast
  { block: "2001:1::3/128", why: null }, // DNS-SD Service Registration Protocol anycast
  { block: "2001:3::/32", why: null }, // AMT
  { block: "2001:4:112::/48", why: null }, // AS112-v6
  { block: "2001:20::/28", why: null }, // ORCHIDv2
  { block: "2001:30::/28", why: null }, // Drone Remote ID
  // Teredo: the server's IPv4 address, then the client's with every bit flipped.
  { block: "2001::/32", why: null, carries: { form: "Teredo", ipv4: (a) => [ipv4Inside(a, 32), flipped(ipv4Inside(a, 96))] } },
  { block: "2001:2::/48", why: "benchmarking" },
  { block: "2001:10::/28", why: "ORCHID (deprecated)" },
  { block: "2001::/23", why: "IETF protocol assignments" },
  { block: "2001:db8::/32", why: "documentation" },
  { block: "2002::/16", why: null, carries: { form: "6to4", ipv4: (a) => [ipv4Inside(a, 16)] } },
  { block: "3fff::/20", why: "documentation" },
  { block: "5f00::/16", why: "segment routing (SRv6)" },
  { block: "fc00::/7", why: "private (unique local)" },
  { block: "fe80::/10", why: "link-local" },
  { block: "fec0::/10", why: "site-local (deprecated)" },
  { block: "ff00::/8", why: "multicast" },
];

const PARSED = RULES.map((rule) => ({ ...rule, parsed: parseBlock(rule.block) }));

/** Why SSO Bridge does not connect to this address, or null for a globally reachable one. */
export function addressRefusal(text: string): AddressRefusal | null {
  const address = parseIpAddress(text);
  if (!address) return { why: "not an IP address", evenInLabs: true };
  return refusalOf(address);
}

function refusalOf(address: IpAddress): AddressRefusal | null {
  const rule = PARSED.find((r) => inBlock(address, r.parsed));
  if (!rule) return null;
  if (rule.carries) {
    for (const ipv4 of rule.carries.ipv4(address)) {
      const inside = refusalOf(ipv4);
      if (inside) return { ...inside, carried: { ipv4: formatIpAddress(ipv4), form: rule.carries.form } };
    }
  }
  return rule.why === null ? null : { why: rule.why, evenInLabs: rule.evenInLabs === true };
}

function flipped(address: IpAddress): IpAddress {
  return { family: 4, value: address.value ^ 0xffffffffn };
}
