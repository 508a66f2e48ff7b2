import { lookup } from "node:dns/promises";
import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { checkOutboundUrl } from "./outbound-address-policy";

vi.mock("node:dns/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:dns/promises")>();
  return { ...real, lookup: vi.fn(real.lookup) };
});

const strict = { allowPrivateNetworks: false, labSetting: "Allow lab SCIM endpoints" };
const lab = { allowPrivateNetworks: true, labSetting: "Allow lab SCIM endpoints" };
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("the URL was accepted"),
    (e: unknown) => e as AppError,
  );

describe("checkOutboundUrl", () => {
  it.each([
    ["https://127.0.0.1/scim/v2/", "127.0.0.1 is a loopback address"],
    ["https://10.1.2.3/", "10.1.2.3 is a private (RFC 1918) address"],
    ["https://172.31.255.1/", "private (RFC 1918)"],
    ["https://192.168.0.10/", "private (RFC 1918)"],
    ["https://100.64.0.1/", "carrier-grade NAT"],
    ["https://0.0.0.0/", "unspecified"],
    ["https://224.0.0.251/", "multicast"],
    ["https://[::1]/", "::1 is a loopback address"],
    ["https://[::]/", "an unspecified address"],
    ["https://[fe80::1]/", "link-local"],
    ["https://[fd12:3456::1]/", "private (unique local)"],
    ["https://[ff02::1]/", "multicast"],
    ["https://[::ffff:127.0.0.1]/", "loopback"],
    ["https://[64:ff9b::7f00:1]/", "64:ff9b::7f00:1 is a loopback address (127.0.0.1, carried in NAT64 form)"],
    ["https://[2002:a00:1::1]/", "private (RFC 1918) address (10.0.0.1, carried in 6to4 form)"],
    ["https://[fec0::1]/", "site-local"],
    ["https://198.18.0.1/", "benchmarking"],
    ["https://192.0.0.1/", "IETF protocol assignments"],
    ["https://203.0.113.5/", "documentation (TEST-NET-3)"],
    // WHATWG URL parsing turns these spellings into 127.0.0.1 before any check.
    ["https://2130706433/", "127.0.0.1 is a loopback address"],
    ["https://0x7f.1/", "127.0.0.1 is a loopback address"],
  ])("refuses %s", async (url, why) => {
    const e = await refusal(checkOutboundUrl(url, strict));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("InvalidInput");
    expect(e.message).toContain(why);
    expect(e.message).toContain('"Allow lab SCIM endpoints"');
  });

  it("accepts a public address over https and returns the parsed URL", async () => {
    const url = await checkOutboundUrl(" https://93.184.215.14/tenant/scim/v2/ ", strict);
    expect(url.href).toBe("https://93.184.215.14/tenant/scim/v2/");
    expect((await checkOutboundUrl("https://[2606:4700:4700::1111]/", strict)).hostname).toBe("[2606:4700:4700::1111]");
  });

  it("names the setting of the policy it applies", async () => {
    const webhooks = { allowPrivateNetworks: false, labSetting: "Allow lab webhooks" };
    const e = await refusal(checkOutboundUrl("https://10.1.2.3/hook", webhooks));
    expect(e.message).toContain('"Allow lab webhooks" setting');
    expect(e.message).not.toContain("SCIM");
    expect((await refusal(checkOutboundUrl("http://93.184.215.14/hook", webhooks))).message).toContain('"Allow lab webhooks"');
  });

  it("refuses a host name that resolves to a forbidden address, naming both", async () => {
    const e = await refusal(checkOutboundUrl("https://localhost:8443/scim/v2/", strict));
    expect(e.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/);
  });

  it("refuses a host name when any one of its addresses is forbidden", async () => {
    const addresses = [
      { address: "93.184.215.14", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ];
    vi.mocked(lookup).mockResolvedValueOnce(addresses as never);
    const e = await refusal(checkOutboundUrl("https://scim.example.com/", strict));
    expect(e.message).toContain("scim.example.com resolves to 10.0.0.7, which is a private (RFC 1918) address");
  });

  it("says when a host name does not exist", async () => {
    vi.mocked(lookup).mockRejectedValueOnce(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }));
    const e = await refusal(checkOutboundUrl("https://no-such-host.example/", strict));
    expect(e.code).toBe("InvalidInput");
    expect(e.message).toContain("no-such-host.example does not exist");
  });

  it("refuses plain http, other schemes, credentials and non-URLs", async () => {
    expect((await refusal(checkOutboundUrl("http://93.184.215.14/", strict))).message).toMatch(/plain http:\/\/.*Allow lab SCIM endpoints/);
    expect((await refusal(checkOutboundUrl("ftp://93.184.215.14/", lab))).message).toContain("not ftp://");
    const withPassword = await refusal(checkOutboundUrl("https://admin:hunter2@93.184.215.14/", lab));
    expect(withPassword.message).toContain("user name or password");
    expect(withPassword.message).not.toContain("hunter2");
    expect((await refusal(checkOutboundUrl("scim.example.com/scim/v2", strict))).message).toContain("not a URL");
  });

  it("lets an admin allow private networks and http for labs and the simulators", async () => {
    expect((await checkOutboundUrl("http://localhost:4100/t/scim/v2/", lab)).host).toBe("localhost:4100");
    expect((await checkOutboundUrl("https://10.1.2.3/", lab)).hostname).toBe("10.1.2.3");
  });

  it.each([
    ["https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud instance metadata service address"],
    ["https://169.254.10.1/", "link-local"],
    ["https://[::ffff:a9fe:a9fe]/", "cloud instance metadata service"],
    ["http://100.100.100.200/latest/meta-data/", "cloud instance metadata service"],
    ["https://[fd00:ec2::254]/", "cloud instance metadata service"],
    ["http://169.254.170.2/v2/credentials", "link-local"],
    ["https://[::ffff:169.254.169.254]/", "cloud instance metadata service"],
  ])("refuses the clouds' metadata and credential services, even in a lab: %s", async (url, why) => {
    for (const policy of [strict, lab]) {
      const e = await refusal(checkOutboundUrl(url.replace(/^http:/, "https:"), policy));
      expect(e.code).toBe("InvalidInput");
      expect(e.message).toContain(why);
      expect(e.message).toContain("No setting allows it");
      expect(e.message).not.toContain("Allow lab");
    }
    expect((await refusal(checkOutboundUrl(url, lab))).message).toContain(why);
  });

  it("refuses a host name that resolves to a metadata address even in a lab", async () => {
    vi.mocked(lookup).mockResolvedValueOnce([{ address: "169.254.169.254", family: 4 }] as never);
    const e = await refusal(checkOutboundUrl("http://metadata.google.internal/computeMetadata/v1/", lab));
    expect(e.message).toMatch(/^metadata\.google\.internal resolves to 169\.254\.169\.254, which is a cloud instance metadata service address/);
  });
});
