import "reflect-metadata";
import { KeyObject, webcrypto } from "node:crypto";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import * as x509 from "@peculiar/x509";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { ResponseTooLarge } from "./capped-body";
import { NetworkError } from "./network-failure";
import { checkOutboundUrl, type OutboundPolicy } from "./outbound-address-policy";
import { outboundFetch, outboundResponse, type OutboundRequest } from "./outbound-fetch";

vi.mock("node:dns/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:dns/promises")>();
  return { ...real, lookup: vi.fn(real.lookup) };
});

const servers: (http.Server | https.Server)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

async function serve(handler: http.RequestListener, server: http.Server | https.Server = http.createServer()): Promise<string> {
  server.on("request", handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const scheme = server instanceof https.Server ? "https" : "http";
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The error a request fails with. */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("the request succeeded"),
    (e: unknown) => e,
  );

const strict: OutboundPolicy = { allowPrivateNetworks: false, labSetting: "Allow lab webhooks" };
const lab: OutboundPolicy = { allowPrivateNetworks: true, labSetting: "Allow lab webhooks" };

// A configured host goes through Node's fetch, a URL someone typed through the pinned dispatcher: both behave alike.
describe.each<[string, OutboundRequest["policy"]]>([
  ["a configured host", "configured"],
  ["a URL under a lab policy", lab],
])("to %s", (_, policy) => {
  describe("outboundFetch", () => {
    it("returns the status, headers and text of an answer within the cap", async () => {
      const url = await serve((_req, res) => res.writeHead(201, { "x-answer": "yes" }).end("1234567890"));
      const answer = await outboundFetch(`${url}/`, { policy, method: "POST", body: "{}", timeoutMs: 5_000, maxBytes: 10 });
      expect(answer).toMatchObject({ status: 201, ok: true, text: "1234567890" });
      expect(answer.headers.get("x-answer")).toBe("yes");
    });

    it("refuses a body whose Content-Length passes the cap without waiting for it", async () => {
      // The server promises a megabyte and sends a few bytes: reading it whole would run into the timeout.
      const url = await serve((_req, res) => res.writeHead(200, { "content-length": String(1024 * 1024) }).write("{"));
      const e = await failure(outboundFetch(`${url}/`, { policy, timeoutMs: 5_000, maxBytes: 1024 }));
      expect(e).toBeInstanceOf(ResponseTooLarge);
      expect(e).toMatchObject({ status: 200, maxBytes: 1024 });
    });

    it("stops reading a body without Content-Length as soon as it passes the cap, and lets the connection go", async () => {
      let closed!: () => void;
      const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
      // A chunked answer that never ends: only stopping at the cap gets an answer back.
      const url = await serve((_req, res) => {
        res.on("close", closed);
        res.writeHead(500);
        res.write("x".repeat(600));
        res.write("x".repeat(600));
      });
      const e = await failure(outboundFetch(`${url}/`, { policy, timeoutMs: 5_000, maxBytes: 1024 }));
      expect(e).toBeInstanceOf(ResponseTooLarge);
      expect(e).toMatchObject({ status: 500 });
      await connectionClosed;
    });

    it("gives up on a server that does not answer, or stops in the middle of its answer, within the timeout", async () => {
      const silent = await serve(() => undefined);
      const started = Date.now();
      const e = await failure(outboundFetch(`${silent}/`, { policy, timeoutMs: 300, maxBytes: 1024 }));
      expect(e).toBeInstanceOf(NetworkError);
      expect((e as NetworkError).failure).toMatchObject({ kind: "timeout", reason: "did not answer within 0.3 s", label: "no answer within 0.3 s" });
      expect(Date.now() - started).toBeLessThan(3_000);

      const stalling = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).write("{"));
      const midway = await failure(outboundFetch(`${stalling}/`, { policy, timeoutMs: 300, maxBytes: 1024 }));
      expect((midway as NetworkError).failure.kind).toBe("timeout");
    });

    it("does not follow redirects unless told to, so credentials stay with the address that was checked", async () => {
      const seenElsewhere: (string | undefined)[] = [];
      const elsewhere = await serve((req, res) => {
        seenElsewhere.push(req.headers.authorization);
        res.end("elsewhere");
      });
      const url = await serve((_req, res) => res.writeHead(302, { location: `${elsewhere}/collect` }).end());

      const answer = await outboundFetch(`${url}/`, { policy, headers: { authorization: "Bearer secret" }, timeoutMs: 5_000, maxBytes: 1024 });
      expect(answer.status).toBe(302);
      expect(answer.headers.get("location")).toBe(`${elsewhere}/collect`);
      expect(seenElsewhere).toEqual([]);

      const followed = await outboundFetch(`${url}/`, { policy, timeoutMs: 5_000, followRedirects: true, maxBytes: 1024 });
      expect(followed).toMatchObject({ status: 200, text: "elsewhere" });
      expect(seenElsewhere).toEqual([undefined]);

      await expect(
        outboundFetch(`${url}/`, { policy, headers: { authorization: "Bearer secret" }, followRedirects: true, timeoutMs: 5_000, maxBytes: 1024 }),
      ).rejects.toThrow(/must not follow redirects/);
      expect(seenElsewhere).toHaveLength(1);
    });

    it("hands the answer on unread, and honours the caller's own abort", async () => {
      const url = await serve((_req, res) => res.end("kept for the caller"));
      // The Graph client hands over a Request; a URL someone typed is a string.
      const response = await outboundResponse(policy === "configured" ? new Request(`${url}/`) : `${url}/`, { policy, timeoutMs: 5_000 });
      expect(await response.text()).toBe("kept for the caller");

      const silent = await serve(() => undefined);
      const e = await failure(outboundResponse(`${silent}/`, { policy, timeoutMs: 5_000, signal: AbortSignal.abort() }));
      expect((e as NetworkError).failure.kind).toBe("aborted");
    });
  });

  describe("network failures, as the server's host saw them", () => {
    const reason = async (p: Promise<unknown>) => {
      const e = await failure(p);
      expect(e).toBeInstanceOf(NetworkError);
      return (e as NetworkError).failure;
    };

    it("a closed port refused the connection", async () => {
      const url = await serve(() => undefined);
      const s = servers.pop()!;
      await new Promise((resolve) => s.close(resolve));
      const f = await reason(outboundFetch(`${url}/`, { policy, timeoutMs: 5_000, maxBytes: 1024 }));
      expect(f).toMatchObject({ kind: "refused", reason: "refused the connection", code: "ECONNREFUSED", address: url.replace("http://", "") });
    });

    it("a server that closes the socket dropped the connection", async () => {
      const url = await serve((req) => req.socket.destroy());
      const e = await failure(outboundFetch(`${url}/`, { policy, timeoutMs: 5_000, maxBytes: 1024 }));
      expect(e).toMatchObject({ host: url.replace("http://", ""), message: `${url.replace("http://", "")} dropped the connection` });
    });

    it("a name DNS does not know", async () => {
      const f = await reason(outboundFetch("http://sso-bridge-test.invalid/", { policy, timeoutMs: 5_000, maxBytes: 1024 }));
      expect(f).toMatchObject({ kind: "dns", reason: "is not known to DNS", address: "sso-bridge-test.invalid" });
    });

    it("a certificate nobody vouches for, and a port that does not speak TLS", async () => {
      const tls = await selfSignedCertificate();
      const url = await serve((_req, res) => res.end("hello"), https.createServer(tls));
      const f = await reason(outboundFetch(`${url}/`, { policy, timeoutMs: 5_000, maxBytes: 1024 }));
      expect(f).toMatchObject({ kind: "certificate", reason: "presented a TLS certificate this server does not trust" });

      const plain = await serve((_req, res) => res.end("hello"));
      const g = await reason(outboundFetch(plain.replace("http:", "https:"), { policy, timeoutMs: 5_000, maxBytes: 1024 }));
      expect(g.kind).toBe("tls");
    });
  });
});

describe("connections under an address policy", () => {
  /** A server that counts the connections made to it, whether or not a request follows. */
  async function listening(server: http.Server | https.Server) {
    const seen = { connections: 0, requests: 0 };
    server.on("connection", () => (seen.connections += 1));
    const url = await serve((_req, res) => {
      seen.requests += 1;
      res.end("from the internal network");
    }, server);
    return { port: Number(new URL(url).port), seen };
  }

  /** DNS that answers each lookup in turn: a public address for the check, then whatever rebinding points at. */
  function dnsAnswers(...answers: string[][]) {
    for (const addresses of answers)
      vi.mocked(lookup).mockResolvedValueOnce(addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })) as never);
  }

  it("connects to the address it checked: a name rebound to 127.0.0.1 after the check never reaches it", async () => {
    const { port, seen } = await listening(https.createServer(await selfSignedCertificate()));
    dnsAnswers(["93.184.215.14"], ["127.0.0.1"]);
    // "localhost" is 127.0.0.1 to the system's resolver, so a connection that resolved on its own would get there.
    const url = await checkOutboundUrl(`https://localhost:${port}/scim/v2/`, strict);
    const e = await failure(outboundFetch(url, { policy: strict, headers: { authorization: "Bearer secret" }, timeoutMs: 5_000, maxBytes: 1024 }));
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toMatch(/^localhost resolves to 127\.0\.0\.1, which is a loopback address: .*"Allow lab webhooks"/);
    expect(seen.connections).toBe(0);
  });

  it("refuses the connection when any address the lookup returns is refused", async () => {
    const { port, seen } = await listening(http.createServer());
    dnsAnswers(["93.184.215.14", "127.0.0.1"]);
    const e = await failure(outboundFetch(`https://localhost:${port}/`, { policy: strict, timeoutMs: 5_000, maxBytes: 1024 }));
    expect((e as AppError).message).toContain("localhost resolves to 127.0.0.1, which is a loopback address");
    expect(seen.connections).toBe(0);
  });

  it("refuses a URL that names a refused address, checked or not", async () => {
    const { port, seen } = await listening(http.createServer());
    const e = await failure(outboundFetch(`http://127.0.0.1:${port}/`, { policy: strict, timeoutMs: 5_000, maxBytes: 1024 }));
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toContain("127.0.0.1 is a loopback address");
    expect(seen.connections).toBe(0);
  });

  it("in a lab, connects to the address the checked lookup gave, and still never to a metadata service", async () => {
    const { port, seen } = await listening(http.createServer());
    // The system's resolver does not know .test names: only the checked lookup's answer can lead to the server.
    dnsAnswers(["127.0.0.1"]);
    expect(await outboundFetch(`http://scim.lab.test:${port}/`, { policy: lab, timeoutMs: 5_000, maxBytes: 1024 })).toMatchObject({
      status: 200,
      text: "from the internal network",
    });
    expect(seen.requests).toBe(1);

    dnsAnswers(["169.254.169.254"]);
    const e = await failure(outboundFetch(`http://scim.lab.test:${port}/latest/meta-data/`, { policy: lab, timeoutMs: 5_000, maxBytes: 1024 }));
    expect((e as AppError).message).toMatch(
      /^scim\.lab\.test resolves to 169\.254\.169\.254, which is a cloud instance metadata service address.*No setting allows it/,
    );
    expect(seen.requests).toBe(1);
  });

  it("keeps the host name for TLS: the server is asked for the name, not the address", async () => {
    const tls = await selfSignedCertificate();
    const serverNames: string[] = [];
    const server = https.createServer({
      ...tls,
      SNICallback: (name, done) => {
        serverNames.push(name);
        done(null, undefined);
      },
    });
    const { port } = await listening(server);
    dnsAnswers(["127.0.0.1"]);
    const e = await failure(outboundFetch(`https://scim.lab.test:${port}/`, { policy: lab, timeoutMs: 5_000, maxBytes: 1024 }));
    // The certificate names 127.0.0.1 and nobody vouches for it: refused either way, after the name was sent.
    expect((e as NetworkError).failure.kind).toBe("certificate");
    expect(serverNames).toEqual(["scim.lab.test"]);
  });
});

async function selfSignedCertificate(): Promise<{ cert: string; key: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=127.0.0.1",
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 86_400_000),
    keys,
    signingAlgorithm: alg,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: "ip", value: "127.0.0.1" }])],
  });
  return { cert: cert.toString("pem"), key: KeyObject.from(keys.privateKey).export({ type: "pkcs8", format: "pem" }) as string };
}
