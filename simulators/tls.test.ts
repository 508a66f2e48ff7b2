import { X509Certificate } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, get } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLocalTls } from "./tls";

describe("ensureLocalTls", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "sim-tls-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("issues a localhost certificate from the simulator CA and reuses it", async () => {
    const first = await ensureLocalTls(dir);
    const ca = new X509Certificate(first.caPem);
    const cert = new X509Certificate(first.certPem);
    expect(ca.subject).toContain("CN=SSO Bridge Simulator CA");
    expect(ca.ca).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");

    const again = await ensureLocalTls(dir);
    expect(again).toEqual(first);
  });

  it("replaces material that no longer verifies", async () => {
    const first = await ensureLocalTls(dir);
    const other = await ensureLocalTls(path.join(dir, "other"));
    await writeFile(first.caCertPath, other.caPem);
    const replaced = await ensureLocalTls(dir);
    expect(replaced.certPem).not.toBe(first.certPem);
    expect(new X509Certificate(replaced.certPem).verify(new X509Certificate(replaced.caPem).publicKey)).toBe(true);
  });

  it("is trusted by Node's TLS client for localhost and 127.0.0.1", async () => {
    const tls = await ensureLocalTls(dir);
    const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const host of ["localhost", "127.0.0.1"]) {
        const body = await new Promise<string>((resolve, reject) => {
          get(`https://${host}:${port}/`, { ca: tls.caPem }, (res) => {
            res.setEncoding("utf8");
            let text = "";
            res.on("data", (chunk: string) => (text += chunk));
            res.on("end", () => resolve(text));
          }).on("error", reject);
        });
        expect(body).toBe("ok");
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
