import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EntraDirectory, SigningKeyMaterial } from "../directory";
import type { LoginRoute } from "../oidc-issuer";
import { signEnveloped } from "../sign-xml";
import { activeSigningKey } from "./signing-certificate";

// Per-application SAML federation metadata on the login host, as Entra publishes it at
// /<tenant>/federationmetadata/2007-06/federationmetadata.xml?appid=<appId>: the tenant's
// entity id, the app's active signing certificate, the SAML endpoints, and an enveloped
// signature made with that certificate's key.

const PATH = /^\/([^/]+)\/federationmetadata\/2007-06\/federationmetadata\.xml$/i;

export function federationMetadataRoute(directory: EntraDirectory, now: () => number = Date.now): LoginRoute {
  return (req: IncomingMessage, res: ServerResponse, authorityHost: string) => {
    if (req.method !== "GET") return false;
    const url = new URL(req.url ?? "/", authorityHost);
    const tenant = PATH.exec(url.pathname)?.[1];
    if (!tenant) return false;
    const text = (status: number, message: string) => {
      res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" }).end(`${message}\n`);
      return true;
    };
    if (tenant !== directory.tenantId && tenant.toLowerCase() !== directory.domain.toLowerCase())
      return text(400, `AADSTS90002: Tenant '${tenant}' not found.`);
    const appId = url.searchParams.get("appid");
    if (!appId) return text(404, "This simulator publishes federation metadata per application only: add ?appid=<application id>.");
    const sp = [...directory.servicePrincipals.values()].find((s) => s.appId === appId);
    if (!sp) return text(404, `No service principal with appId '${appId}' exists in tenant '${directory.tenantId}'.`);
    const key = activeSigningKey(directory, sp, now());
    if (!key) return text(404, `The application '${appId}' has no active SAML token signing certificate; add one with addTokenSigningCertificate.`);
    const loginHost = authorityHost.replace(/\/$/, "");
    const xml = signedMetadata(unsignedMetadata(directory.tenantId, loginHost, key), key);
    res.writeHead(200, { "Content-Type": "application/samlmetadata+xml; charset=utf-8", "Cache-Control": "no-store" }).end(xml);
    return true;
  };
}

function base64Der(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
}

function unsignedMetadata(tenantId: string, loginHost: string, key: SigningKeyMaterial): string {
  const saml2 = `${loginHost}/${tenantId}/saml2`;
  const cert = base64Der(key.certificatePem);
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<EntityDescriptor ID="_${randomUUID()}" entityID="https://sts.windows.net/${tenantId}/" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">`,
    `<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">`,
    `<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${cert}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`,
    `<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${saml2}"/>`,
    `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${saml2}"/>`,
    `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${saml2}"/>`,
    `</IDPSSODescriptor>`,
    `</EntityDescriptor>`,
  ].join("");
}

function signedMetadata(xml: string, key: SigningKeyMaterial): string {
  // Entra puts the signature first inside EntityDescriptor.
  return signEnveloped(xml, key, "/*[local-name(.)='EntityDescriptor']", { reference: "/*[local-name(.)='EntityDescriptor']", action: "prepend" });
}
