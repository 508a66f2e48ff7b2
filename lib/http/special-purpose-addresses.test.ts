import { describe, expect, it } from "vitest";
import { addressRefusal } from "./special-purpose-addresses";

// IANA's IPv4 and IPv6 Special-Purpose Address Registries, block by block, with addresses at the edges.
describe("addresses SSO Bridge does not connect to", () => {
  it.each([
    ["0.0.0.0", "unspecified (this-network)"],
    ["0.255.255.255", "unspecified (this-network)"],
    ["10.0.0.1", "private (RFC 1918)"],
    ["100.64.0.1", "carrier-grade NAT (shared)"],
    ["100.127.255.254", "carrier-grade NAT (shared)"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.10.1", "link-local (where clouds serve instance metadata and credentials)"],
    ["172.16.0.1", "private (RFC 1918)"],
    ["172.31.255.254", "private (RFC 1918)"],
    ["192.0.0.1", "IETF protocol assignments"],
    ["192.0.0.8", "IETF protocol assignments"],
    ["192.0.0.170", "IETF protocol assignments"],
    ["192.0.2.1", "documentation (TEST-NET-1)"],
    ["192.88.99.1", "deprecated 6to4 relay anycast"],
    ["192.168.255.1", "private (RFC 1918)"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.254", "benchmarking"],
    ["198.51.100.7", "documentation (TEST-NET-2)"],
    ["203.0.113.9", "documentation (TEST-NET-3)"],
    ["224.0.0.251", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["::7f00:1", "IPv4-compatible (deprecated)"],
    ["64:ff9b:1::a00:1", "local-use NAT64 (IPv4/IPv6 translation)"],
    ["100::1", "discard-only"],
    ["100:0:0:1::1", "dummy IPv6 prefix"],
    ["2001:2::1", "benchmarking"],
    ["2001:10::1", "ORCHID (deprecated)"],
    ["2001:1::4", "IETF protocol assignments"],
    ["2001:1ff:ffff::1", "IETF protocol assignments"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["5f00::1", "segment routing (SRv6)"],
    ["fc00::1", "private (unique local)"],
    ["fd12:3456::1", "private (unique local)"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["fec0::1", "site-local (deprecated)"],
    ["feff::1", "site-local (deprecated)"],
    ["ff02::1", "multicast"],
  ])("refuses %s: %s", (address, why) => {
    expect(addressRefusal(address)).toEqual({ why, evenInLabs: why.startsWith("link-local (") });
  });

  it.each([
    // IPv4 inside IPv6, in every form that delivers packets to it: judged by the IPv4 address.
    ["::ffff:127.0.0.1", "loopback", "127.0.0.1", "IPv4-mapped"],
    ["::ffff:7f00:1", "loopback", "127.0.0.1", "IPv4-mapped"],
    ["0:0:0:0:0:ffff:a00:1", "private (RFC 1918)", "10.0.0.1", "IPv4-mapped"],
    ["::ffff:0:7f00:1", "loopback", "127.0.0.1", "IPv4-translated"],
    ["::ffff:0:192.168.1.1", "private (RFC 1918)", "192.168.1.1", "IPv4-translated"],
    ["64:ff9b::7f00:1", "loopback", "127.0.0.1", "NAT64"],
    ["64:ff9b::10.1.2.3", "private (RFC 1918)", "10.1.2.3", "NAT64"],
    ["2002:7f00:1::1", "loopback", "127.0.0.1", "6to4"],
    ["2002:c0a8:101::", "private (RFC 1918)", "192.168.1.1", "6to4"],
    // Teredo: server 65.54.227.120 (public), client 10.0.0.1 with every bit flipped.
    ["2001:0:4136:e378:8000:63bf:f5ff:fffe", "private (RFC 1918)", "10.0.0.1", "Teredo"],
    // Teredo with a loopback server address.
    ["2001:0:7f00:1::", "loopback", "127.0.0.1", "Teredo"],
  ])("refuses %s, which carries a %s address", (address, why, ipv4, form) => {
    expect(addressRefusal(address)).toEqual({ why, evenInLabs: false, carried: { ipv4, form } });
  });

  it.each([
    ["169.254.169.254", "cloud instance metadata service"],
    ["100.100.100.200", "cloud instance metadata service"],
    ["168.63.129.16", "cloud platform service (Azure WireServer)"],
    ["192.0.0.192", "cloud instance metadata service"],
    ["fd00:ec2::254", "cloud instance metadata service"],
    ["fd00:ec2::23", "cloud credentials service (EKS Pod Identity)"],
    ["169.254.170.2", "link-local (where clouds serve instance metadata and credentials)"],
    ["169.254.170.23", "link-local (where clouds serve instance metadata and credentials)"],
  ])("refuses the cloud credentials at %s even in a lab", (address, why) => {
    expect(addressRefusal(address)).toMatchObject({ why, evenInLabs: true });
  });

  it("refuses a metadata address carried inside IPv6 even in a lab", () => {
    expect(addressRefusal("::ffff:a9fe:a9fe")).toEqual({
      why: "cloud instance metadata service",
      evenInLabs: true,
      carried: { ipv4: "169.254.169.254", form: "IPv4-mapped" },
    });
    expect(addressRefusal("64:ff9b::a9fe:a9fe")).toMatchObject({ evenInLabs: true, carried: { form: "NAT64" } });
  });

  it.each([
    "93.184.215.14",
    "8.8.8.8",
    "100.63.255.255",
    "100.128.0.0",
    "172.32.0.1",
    "192.0.0.9",
    "192.0.0.10",
    "192.0.3.1",
    "198.17.255.255",
    "198.20.0.1",
    "223.255.255.254",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
    "2001:1::1",
    "2001:1::2",
    "2001:1::3",
    "2001:3::1",
    "2001:4:112::1",
    "2001:20::1",
    "2001:30::1",
    "2001:200::1",
    "2620:4f:8000::1",
    // Teredo with public server (65.54.227.120) and client (8.8.8.8) addresses.
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
  ])("lets %s through: it is globally reachable", (address) => {
    expect(addressRefusal(address)).toBeNull();
  });

  it("refuses what is not an IP address at all", () => {
    expect(addressRefusal("localhost")).toEqual({ why: "not an IP address", evenInLabs: true });
    expect(addressRefusal("1.2.3")).toEqual({ why: "not an IP address", evenInLabs: true });
  });
});
