// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import { X509Certificate as NodeX509, webcrypto } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import * as x509 from "@peculiar/x509";

export interface LocalTls {
  /** Path to the CA certificate; put this in NODE_EXTRA_CA_CERTS. */
  caCertPath: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

const CA_NAME = "CN=SSO Bridge Simulator CA, O=SSO Bridge Simulator";
const SERVER_NAME = "CN=localhost, O=SSO Bridge Simulator";
const DAY_MS = 24 * 60 * 60 * 1000;
const ALG: EcKeyGenParams & EcdsaParams = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

const files = (dir: string) => ({
  ca: path.join(dir, "ca.pem"),
  cert: path.join(dir, "server-cert.pem"),
  key: path.join(dir, "server-key.pem"),
});

/**
 * Returns a CA plus a localhost server certificate signed by it, reusing earlier files in `dir`
 * while they are still valid. The CA private key is never written to disk, so a leaked data
 * directory cannot be used to mint further certificates that callers trust.
 */
export async function ensureLocalTls(dir: string): Promise<LocalTls> {
  const paths = files(dir);
  const existing = await readExisting(paths);
  if (existing) return existing;

  await mkdir(dir, { recursive: true, mode: 0o700 });
  const generated = await generate();
  // Write via rename so a concurrent reader never sees a half-written PEM.
  await writeAtomic(paths.key, generated.keyPem, 0o600);
  await writeAtomic(paths.cert, generated.certPem, 0o644);
  await writeAtomic(paths.ca, generated.caPem, 0o644);
  return { caCertPath: paths.ca, ...generated };
}

async function readExisting(paths: ReturnType<typeof files>): Promise<LocalTls | null> {
  try {
    const [caPem, certPem, keyPem] = (await Promise.all([paths.ca, paths.cert, paths.key].map((p) => readFile(p, "utf8")))) as [string, string, string];
    const ca = new NodeX509(caPem);
    const cert = new NodeX509(certPem);
    const stillValid = Date.parse(cert.validTo) - Date.now() > DAY_MS;
    if (!stillValid || !cert.verify(ca.publicKey) || !cert.checkHost("localhost")) return null;
    return { caCertPath: paths.ca, caPem, certPem, keyPem };
  } catch {
    return null;
  }
}

async function generate(): Promise<Omit<LocalTls, "caCertPath">> {
  const crypto = webcrypto as unknown as Crypto;
  x509.cryptoProvider.set(crypto);
  const now = Date.now();
  // Back-date slightly so clocks that lag a little still accept the certificates.
  const notBefore = new Date(now - DAY_MS);

  const caKeys = await crypto.subtle.generateKey(ALG, false, ["sign", "verify"]);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: CA_NAME,
    notBefore,
    notAfter: new Date(now + 5 * 365 * DAY_MS),
    signingAlgorithm: ALG,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const serverKeys = await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const serverCert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: SERVER_NAME,
    issuer: caCert.subject,
    notBefore,
    // Kept under the 398-day ceiling browsers apply to server certificates.
    notAfter: new Date(now + 390 * DAY_MS),
    signingAlgorithm: ALG,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
        { type: "ip", value: "::1" },
      ]),
      await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const pkcs8 = await crypto.subtle.exportKey("pkcs8", serverKeys.privateKey);
  return {
    caPem: caCert.toString("pem") + "\n",
    certPem: serverCert.toString("pem") + "\n",
    keyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY") + "\n",
  };
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  // A positive DER integer needs the top bit clear.
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString("hex");
}

async function writeAtomic(file: string, contents: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, contents, { mode });
  // writeFile's mode is filtered by the umask; chmod makes the permission exact.
  await chmod(tmp, mode);
  await rename(tmp, file);
}
