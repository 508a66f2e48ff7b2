import { createHash, X509Certificate } from "node:crypto";
import { AuthError, ConfidentialClientApplication, type Configuration } from "@azure/msal-node";
import { Client } from "@microsoft/microsoft-graph-client";
import { AppError } from "@/lib/errors";
import type { EntraCredential, EntraConnection } from "./entra-connection";
import { tokenError, type TokenContext } from "./graph-errors";
import { graphMiddlewareChain, passThrough } from "./graph-transport";
import { entraEndpoints, graphTokenScope, type EntraEndpoints } from "./national-clouds";

// The one way into Microsoft Graph: an app-only token from MSAL (client credentials) and the
// Graph client on the cloud's endpoints. MSAL applications are kept per connection so their token
// cache spares a token request per call; the key holds a hash of the credential, never the
// credential itself, so a rotated secret gets a fresh application.

export type GraphSession = {
  client: Client;
  endpoints: EntraEndpoints;
  connection: EntraConnection;
  /** `fresh` skips MSAL's cache, e.g. to see permissions granted since the last token */
  accessToken(opts?: { fresh?: boolean }): Promise<string>;
};

const MAX_CACHED_APPLICATIONS = 32;
const applications = new Map<string, ConfidentialClientApplication>();

export function openGraph(connection: EntraConnection): GraphSession {
  const endpoints = entraEndpoints(connection.cloud);
  const app = msalApplication(connection, endpoints);
  const scope = graphTokenScope(connection.cloud);
  const context: TokenContext = {
    authorityHost: endpoints.authorityHost,
    tenantId: connection.tenantId,
    clientId: connection.clientId,
    credentialKind: connection.credential.kind,
    certificate: connection.credential.kind === "certificate" ? certificateFacts(connection.credential.certificatePem) : undefined,
  };

  const accessToken = async (opts: { fresh?: boolean } = {}): Promise<string> => {
    try {
      const result = await app.acquireTokenByClientCredential({ scopes: [scope], skipCache: opts.fresh ?? false });
      if (!result?.accessToken) throw new AppError("CloudRejected", "Entra answered SSO Bridge's token request without an access token.");
      return result.accessToken;
    } catch (e) {
      throw e instanceof AuthError ? tokenError(e, context) : e;
    }
  };

  const client = Client.initWithMiddleware({
    baseUrl: endpoints.graphBaseUrl,
    defaultVersion: "v1.0",
    // The client attaches the token only to hosts it knows as Graph; an overridden base URL is one.
    customHosts: new Set([new URL(endpoints.graphBaseUrl).hostname]),
    middleware: graphMiddlewareChain({
      getAccessToken: async () => {
        try {
          return await accessToken();
        } catch (e) {
          throw e instanceof AppError ? passThrough(e) : e;
        }
      },
    }),
  });

  return { client, endpoints, connection, accessToken };
}

function msalApplication(connection: EntraConnection, endpoints: EntraEndpoints): ConfidentialClientApplication {
  const key = createHash("sha256")
    .update(
      JSON.stringify([
        connection.tenantId,
        connection.clientId,
        connection.cloud,
        endpoints.authorityHost,
        endpoints.graphBaseUrl,
        credentialDigest(connection.credential),
      ]),
    )
    .digest("hex");
  const cached = applications.get(key);
  if (cached) return cached;
  const app = new ConfidentialClientApplication(msalConfiguration(connection, endpoints));
  if (applications.size >= MAX_CACHED_APPLICATIONS) applications.delete(applications.keys().next().value as string);
  applications.set(key, app);
  return app;
}

function msalConfiguration(connection: EntraConnection, endpoints: EntraEndpoints): Configuration {
  const authority = `${endpoints.authorityHost}/${connection.tenantId}`;
  return {
    auth: {
      clientId: connection.clientId,
      authority,
      // Trusting the host outright skips instance discovery, a call to login.microsoftonline.com that
      // a stand-in cannot answer and that a national-cloud deployment should not depend on.
      knownAuthorities: [new URL(endpoints.authorityHost).host],
      // Entra lays out its endpoints the same way on every login host. Stating them skips the
      // OpenID discovery request, so an unknown tenant surfaces as the token endpoint's
      // AADSTS90002 rather than as an opaque discovery failure indistinguishable from an outage.
      authorityMetadata: JSON.stringify({
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        token_endpoint: `${authority}/oauth2/v2.0/token`,
        end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
        issuer: `${authority}/v2.0`,
        jwks_uri: `${authority}/discovery/v2.0/keys`,
      }),
      ...credentialOptions(connection.credential),
    },
  };
}

function credentialOptions(credential: EntraCredential): Pick<Configuration["auth"], "clientSecret" | "clientCertificate"> {
  if (credential.kind === "secret") return { clientSecret: credential.secret };
  const certificate = parseCertificate(credential.certificatePem);
  return {
    clientCertificate: {
      thumbprintSha256: certificate.fingerprint256.replace(/:/g, ""),
      privateKey: credential.privateKeyPem,
      // Sending the certificate lets Entra accept it by subject name and issuer (SNI) as well.
      x5c: credential.certificatePem,
    },
  };
}

function parseCertificate(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new AppError(
      "NotConfigured",
      "The Entra client certificate is not a PEM-encoded X.509 certificate. Upload the certificate's public part (.pem or .crt).",
    );
  }
}

/** The SHA-1 thumbprint is the one the Entra admin center lists under Certificates & secrets. */
function certificateFacts(pem: string): TokenContext["certificate"] {
  const certificate = parseCertificate(pem);
  return { thumbprint: certificate.fingerprint.replace(/:/g, ""), expiresAt: new Date(certificate.validTo) };
}

function credentialDigest(credential: EntraCredential): string {
  const material = credential.kind === "secret" ? [credential.kind, credential.secret] : [credential.kind, credential.certificatePem, credential.privateKeyPem];
  return createHash("sha256").update(JSON.stringify(material)).digest("hex");
}
