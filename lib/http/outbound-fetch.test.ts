import "reflect-metadata";
import { KeyObject, webcrypto } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import * as x509 from "@peculiar/x509";
import { afterEach, describe, expect, it } from "vitest";
import { ResponseTooLarge } from "./capped-body";
import { NetworkError } from "./network-failure";
import { outboundFetch, outboundResponse } from "./outbound-fetch";

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

describe("outboundFetch", () => {
  it("returns the status, headers and text of an answer within the cap", async () => {
    const url = await serve((_req, res) => res.writeHead(201, { "x-answer": "yes" }).end("1234567890"));
    const answer = await outboundFetch(`${url}/`, { method: "POST", body: "{}", timeoutMs: 5_000, maxBytes: 10 });
    expect(answer).toMatchObject({ status: 201, ok: true, text: "1234567890" });
    expect(answer.headers.get("x-answer")).toBe("yes");
  });

  it("refuses a body whose Content-Length passes the cap without waiting for it", async () => {
    // The server promises a megabyte and sends a few bytes: reading it whole would run into the timeout.
    const url = await serve((_req, res) => res.writeHead(200, { "content-length": String(1024 * 1024) }).write("{"));
    const e = await failure(outboundFetch(`${url}/`, { timeoutMs: 5_000, maxBytes: 1024 }));
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
    const e = await failure(outboundFetch(`${url}/`, { timeoutMs: 5_000, maxBytes: 1024 }));
    expect(e).toBeInstanceOf(ResponseTooLarge);
    expect(e).toMatchObject({ status: 500 });
    await connectionClosed;
  });

  it("gives up on a server that does not answer, or stops in the middle of its answer, within the timeout", async () => {
    const silent = await serve(() => undefined);
    const started = Date.now();
    const e = await failure(outboundFetch(`${silent}/`, { timeoutMs: 300, maxBytes: 1024 }));
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).failure).toMatchObject({ kind: "timeout", reason: "did not answer within 0.3 s", label: "no answer within 0.3 s" });
    expect(Date.now() - started).toBeLessThan(3_000);

    const stalling = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).write("{"));
    const midway = await failure(outboundFetch(`${stalling}/`, { timeoutMs: 300, maxBytes: 1024 }));
    expect((midway as NetworkError).failure.kind).toBe("timeout");
  });

  it("does not follow redirects unless told to, so credentials stay with the address that was checked", async () => {
    const seenElsewhere: (string | undefined)[] = [];
    const elsewhere = await serve((req, res) => {
      seenElsewhere.push(req.headers.authorization);
      res.end("elsewhere");
    });
    const url = await serve((_req, res) => res.writeHead(302, { location: `${elsewhere}/collect` }).end());

    const answer = await outboundFetch(`${url}/`, { headers: { authorization: "Bearer secret" }, timeoutMs: 5_000, maxBytes: 1024 });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe(`${elsewhere}/collect`);
    expect(seenElsewhere).toEqual([]);

    const followed = await outboundFetch(`${url}/`, { timeoutMs: 5_000, followRedirects: true, maxBytes: 1024 });
    expect(followed).toMatchObject({ status: 200, text: "elsewhere" });
    expect(seenElsewhere).toEqual([undefined]);

    await expect(
      outboundFetch(`${url}/`, { headers: { authorization: "Bearer secret" }, followRedirects: true, timeoutMs: 5_000, maxBytes: 1024 }),
    ).rejects.toThrow(/must not follow redirects/);
    expect(seenElsewhere).toHaveLength(1);
  });

  it("hands the answer on unread, and honours the caller's own abort", async () => {
    const url = await serve((_req, res) => res.end("kept for the caller"));
    const response = await outboundResponse(new Request(`${url}/`), { timeoutMs: 5_000 });
    expect(await response.text()).toBe("kept for the caller");

    const silent = await serve(() => undefined);
    const e = await failure(outboundResponse(`${silent}/`, { timeoutMs: 5_000, signal: AbortSignal.abort() }));
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
    const f = await reason(outboundFetch(`${url}/`, { timeoutMs: 5_000, maxBytes: 1024 }));
    expect(f).toMatchObject({ kind: "refused", reason: "refused the connection", code: "ECONNREFUSED", address: url.replace("http://", "") });
  });

  it("a server that closes the socket dropped the connection", async () => {
    const url = await serve((req) => req.socket.destroy());
    const e = await failure(outboundFetch(`${url}/`, { timeoutMs: 5_000, maxBytes: 1024 }));
    expect(e).toMatchObject({ host: url.replace("http://", ""), message: `${url.replace("http://", "")} dropped the connection` });
  });

  it("a name DNS does not know", async () => {
    const f = await reason(outboundFetch("http://sso-bridge-test.invalid/", { timeoutMs: 5_000, maxBytes: 1024 }));
    expect(f).toMatchObject({ kind: "dns", reason: "is not known to DNS", address: "sso-bridge-test.invalid" });
  });

  it("a certificate nobody vouches for, and a port that does not speak TLS", async () => {
    const tls = await selfSignedCertificate();
    const url = await serve((_req, res) => res.end("hello"), https.createServer(tls));
    const f = await reason(outboundFetch(`${url}/`, { timeoutMs: 5_000, maxBytes: 1024 }));
    expect(f).toMatchObject({ kind: "certificate", reason: "presented a TLS certificate this server does not trust" });

    const plain = await serve((_req, res) => res.end("hello"));
    const g = await reason(outboundFetch(plain.replace("http:", "https:"), { timeoutMs: 5_000, maxBytes: 1024 }));
    expect(g.kind).toBe("tls");
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
