import { isIPv4, isIPv6 } from "node:net";

// An IP address as a number, so that a range is one comparison of its leading bits and an IPv4
// address carried inside an IPv6 one (NAT64, 6to4, Teredo, mapped) can be taken out and checked too.

export type IpAddress = { family: 4 | 6; value: bigint };

/** The address, or null when the text is not one IPv4 or IPv6 address. An IPv6 zone (fe80::1%eth0) is ignored. */
export function parseIpAddress(text: string): IpAddress | null {
  if (isIPv4(text)) return { family: 4, value: ipv4Value(text) };
  const address = text.replace(/%.*$/, "");
  if (!isIPv6(address)) return null;
  return { family: 6, value: ipv6Value(address) };
}

/** Whether the address lies in the block written as address/prefix length. */
export function inBlock(address: IpAddress, block: IpAddress & { prefix: number }): boolean {
  if (address.family !== block.family) return false;
  const shift = BigInt((address.family === 4 ? 32 : 128) - block.prefix);
  return address.value >> shift === block.value >> shift;
}

/** A block such as "64:ff9b::/96"; throws on a malformed one (the blocks are written in the code). */
export function parseBlock(cidr: string): IpAddress & { prefix: number } {
  const [text, prefix] = cidr.split("/");
  const address = parseIpAddress(text ?? "");
  if (!address || !prefix || Number(prefix) > (address.family === 4 ? 32 : 128)) throw new Error(`not an address block: ${cidr}`);
  return { ...address, prefix: Number(prefix) };
}

/** The 32 bits that start `fromBit` bits into an IPv6 address, as an IPv4 address. */
export function ipv4Inside(address: IpAddress, fromBit: number): IpAddress {
  return { family: 4, value: (address.value >> BigInt(128 - fromBit - 32)) & 0xffffffffn };
}

export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) return [24n, 16n, 8n, 0n].map((shift) => (address.value >> shift) & 255n).join(".");
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => ((address.value >> shift) & 0xffffn).toString(16));
  return new URL(`http://[${groups.join(":")}]/`).hostname.slice(1, -1);
}

function ipv4Value(text: string): bigint {
  return text.split(".").reduce((value, octet) => (value << 8n) | BigInt(octet), 0n);
}

function ipv6Value(text: string): bigint {
  // A trailing dotted IPv4 address (::ffff:1.2.3.4) stands for the last two groups.
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  const v4 = dotted ? ipv4Value(dotted[2] as string) : null;
  const hex = dotted && v4 !== null ? `${dotted[1]}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}` : text;
  const [head, tail] = hex.split("::") as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const written = [...groups(head), ...(tail === undefined ? [] : Array<string>(8 - groups(head).length - groups(tail).length).fill("0")), ...groups(tail)];
  return written.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}
