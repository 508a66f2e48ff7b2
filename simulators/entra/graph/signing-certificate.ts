// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import { createHash, randomUUID, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { EntraDirectory, type KeyCredential, type ServicePrincipal, type SigningKeyMaterial } from "../directory";
import { GraphError } from "./routes";

// addTokenSigningCertificate: a real self-signed RSA certificate (SAML signatures need RSA), its
// key credentials on the service principal, and the private key kept for the login host.

const DAY_MS = 24 * 60 * 60 * 1000;
const THREE_YEARS_MS = 3 * 365 * DAY_MS + DAY_MS;
const ALG: RsaHashedKeyGenParams = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };

export async function addTokenSigningCertificate(
  directory: EntraDirectory,
  sp: ServicePrincipal,
  body: unknown,
  nowMs: number,
): Promise<Record<string, unknown>> {
  const input = (body && typeof body === "object" ? body : {}) as { displayName?: unknown; endDateTime?: unknown };
  const displayName = input.displayName;
  if (typeof displayName !== "string" || !displayName.startsWith("CN=") || displayName.length <= 3) {
    throw new GraphError(400, "Request_BadRequest", "The displayName must start with 'CN='.");
  }
  const start = new Date(nowMs);
  // Anything but a date string is no date at all, and refused below.
  const asked = typeof input.endDateTime === "string" ? new Date(input.endDateTime) : new Date(Number.NaN);
  const end = input.endDateTime === undefined ? new Date(nowMs + 3 * 365 * DAY_MS) : asked;
  if (Number.isNaN(end.getTime()) || end.getTime() <= nowMs) throw new GraphError(400, "Request_BadRequest", "The endDateTime must be a future date.");
  if (end.getTime() - nowMs > THREE_YEARS_MS)
    throw new GraphError(400, "Request_BadRequest", "The endDateTime can be at most three years after the certificate is created.");

  const crypto = webcrypto as unknown as Crypto;
  x509.cryptoProvider.set(crypto);
  const keys = await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: createHash("sha1")
      .update(randomUUID())
      .digest("hex")
      .replace(/^[89a-f]/, "1"),
    name: displayName,
    notBefore: start,
    notAfter: end,
    signingAlgorithm: ALG,
    keys,
  });
  const der = Buffer.from(cert.rawData);
  const thumbprintBytes = createHash("sha1").update(der).digest();
  const thumbprint = thumbprintBytes.toString("hex").toUpperCase();
  const customKeyIdentifier = thumbprintBytes.toString("base64");
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);

  const signKeyId = EntraDirectory.newId();
  const verifyKeyId = EntraDirectory.newId();
  const common = { customKeyIdentifier, displayName, startDateTime: start.toISOString(), endDateTime: end.toISOString() };
  const sign: KeyCredential = { ...common, keyId: signKeyId, type: "X509CertAndPassword", usage: "Sign", key: null };
  const verify: KeyCredential = { ...common, keyId: verifyKeyId, type: "AsymmetricX509Cert", usage: "Verify", key: der.toString("base64") };
  const material: SigningKeyMaterial = {
    servicePrincipalId: sp.id,
    keyId: signKeyId,
    thumbprint,
    certificatePem: cert.toString("pem"),
    privateKeyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"),
    ...common,
  };
  directory.signingKeys.set(signKeyId, material);
  sp.keyCredentials.push(sign, verify);
  directory.touch(sp);

  return { ...common, key: der.toString("base64"), keyId: verifyKeyId, thumbprint, type: "AsymmetricX509Cert", usage: "Verify" };
}

/**
 * The certificate Entra signs with for `sp`. A certificate added with addTokenSigningCertificate
 * becomes active only once preferredTokenSigningKeyThumbprint names it, so without that there is
 * none, and a setup that forgets the second step fails here as it would against Entra.
 */
export function activeSigningKey(directory: EntraDirectory, sp: ServicePrincipal, nowMs: number): SigningKeyMaterial | null {
  const preferred = sp.preferredTokenSigningKeyThumbprint?.toUpperCase();
  if (!preferred) return null;
  const key = [...directory.signingKeys.values()].find(
    (k) => k.servicePrincipalId === sp.id && k.thumbprint === preferred && sp.keyCredentials.some((c) => c.keyId === k.keyId),
  );
  return key && Date.parse(key.startDateTime) <= nowMs && Date.parse(key.endDateTime) > nowMs ? key : null;
}
