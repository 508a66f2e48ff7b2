import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BrowserHosts } from "../../browser-hosts";
import { BodyTooLargeError, readBody } from "../../read-body";
import type { EntraDirectory, GraphUser, ServicePrincipal, SignInEvent } from "../directory";
import { activeSigningKey } from "../graph/signing-certificate";
import type { LoginRoute } from "../oidc-issuer";
import { escapeHtml, layout } from "../pages";
import { BadAuthnRequest, readAuthnRequest, type AuthnRequest } from "./authn-request";
import { signedSamlResponse } from "./saml-response";

// Entra's SAML endpoint on the login host, /<tenant>/saml2: an application's AuthnRequest arrives
// (SP-initiated sign-in), a person signs in, and the browser posts a signed SAMLResponse to the
// application's reply URL. Entra's own refusals (unknown identifier, reply URL not registered,
// person not assigned or disabled) stop here with their AADSTS codes, and every attempt by a known
// person lands in the sign-in logs.

const PATH = /^\/([^/]+)\/saml2$/i;
const MAX_FORM_BYTES = 128 * 1024;

type Application = { sp: ServicePrincipal; identifier: string; replyUrls: string[] };

export function samlSignInRoute(directory: EntraDirectory, hosts: BrowserHosts, now: () => number = Date.now): LoginRoute {
  return async (req: IncomingMessage, res: ServerResponse, authorityHost: string) => {
    const url = new URL(req.url ?? "/", authorityHost);
    const tenant = PATH.exec(url.pathname)?.[1];
    if (!tenant || (req.method !== "GET" && req.method !== "POST")) return false;
    const page = (status: number, title: string, body: string) => {
      const html = layout(`${title} — Entra simulator`, body);
      res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(html);
      return true;
    };
    const refuse = (message: string) =>
      page(400, "Sign in", `<h1>Sorry, but we're having trouble signing you in.</h1><p role="alert">${escapeHtml(message)}</p>`);
    if (tenant !== directory.tenantId && tenant.toLowerCase() !== directory.domain.toLowerCase()) return refuse(`AADSTS90002: Tenant '${tenant}' not found.`);

    let form: URLSearchParams;
    try {
      form = req.method === "POST" ? new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString("utf8")) : url.searchParams;
    } catch (e) {
      if (e instanceof BodyTooLargeError) return refuse("The request is too large.");
      throw e;
    }
    const encoded = form.get("SAMLRequest");
    if (!encoded)
      return refuse("AADSTS750054: SAMLRequest or SAMLResponse must be present as query string parameters in HTTP request for SAML Redirect binding.");
    // A request that came straight from the application is DEFLATEd on the redirect binding; once
    // it is in this page's own form it is sent back exactly as it arrived, with its binding named.
    const binding = req.method === "GET" || form.get("binding") === "redirect" ? "redirect" : "post";
    let request: AuthnRequest;
    try {
      request = readAuthnRequest(encoded, binding);
    } catch (e) {
      if (e instanceof BadAuthnRequest) return refuse(e.message);
      throw e;
    }
    const app = applicationFor(directory, request.issuer);
    if (!app) {
      return refuse(
        `AADSTS700016: Application with identifier '${request.issuer}' was not found in the directory '${directory.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      );
    }
    const acsUrl = request.acsUrl ?? app.replyUrls[0];
    if (!acsUrl || !app.replyUrls.includes(acsUrl)) {
      return refuse(
        `AADSTS50011: The redirect URI '${request.acsUrl ?? ""}' specified in the request does not match the redirect URIs configured for the application '${app.sp.appId}'.`,
      );
    }
    const relayState = form.get("RelayState");
    const username = form.get("username");
    const signInForm = (error?: string) =>
      page(error ? 400 : 200, "Sign in", signInBody({ appName: app.sp.displayName, encoded, binding, relayState, username, error }));
    if (username === null) return signInForm();

    const user = [...directory.users.values()].find((u) => u.userPrincipalName.toLowerCase() === username.trim().toLowerCase());
    if (!user) return signInForm(`AADSTS50034: The user account ${username} does not exist in the ${directory.domain} directory.`);
    const record = (errorCode: number, failureReason: string | null) => directory.signIns.push(signInEvent(user, app.sp, errorCode, failureReason, req, now()));
    if (!user.accountEnabled) {
      record(50057, "User account is disabled. The account has been disabled by an administrator.");
      return refuse("AADSTS50057: The user account is disabled.");
    }
    if (app.sp.appRoleAssignmentRequired && !isAssigned(directory, user, app.sp)) {
      const reason = `The signed in user '${user.userPrincipalName}' is not assigned to a role for the application '${app.sp.appId}'(${app.sp.displayName}).`;
      record(50105, reason);
      return refuse(`AADSTS50105: ${reason}`);
    }
    const key = activeSigningKey(directory, app.sp, now());
    if (!key) {
      return refuse(`The application '${app.sp.displayName}' has no active SAML token signing certificate, so Entra cannot sign a response for it.`);
    }
    record(0, null);
    const samlResponse = signedSamlResponse({
      tenantId: directory.tenantId,
      user,
      audience: app.identifier,
      acsUrl,
      inResponseTo: request.id,
      key,
      nowMs: now(),
    });
    return page(200, "Working", postBackBody(hosts.forBrowser(acsUrl), Buffer.from(samlResponse).toString("base64"), relayState));
  };
}

function applicationFor(directory: EntraDirectory, identifier: string): Application | null {
  for (const application of directory.applications.values()) {
    if (!application.identifierUris.includes(identifier)) continue;
    const sp = [...directory.servicePrincipals.values()].find((s) => s.appId === application.appId);
    if (sp) return { sp, identifier, replyUrls: application.web.redirectUris };
  }
  return null;
}

/** Assigned directly, or through a group the user is a direct member of: app assignment does not follow nested groups. */
function isAssigned(directory: EntraDirectory, user: GraphUser, sp: ServicePrincipal): boolean {
  return [...directory.appRoleAssignments.values()].some(
    (a) => a.resourceId === sp.id && (a.principalId === user.id || (directory.groups.get(a.principalId)?.members.includes(user.id) ?? false)),
  );
}

function signInEvent(user: GraphUser, sp: ServicePrincipal, errorCode: number, failureReason: string | null, req: IncomingMessage, nowMs: number): SignInEvent {
  return {
    id: randomUUID(),
    createdDateTime: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
    userDisplayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    userId: user.id,
    appId: sp.appId,
    appDisplayName: sp.displayName,
    ipAddress: (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
    clientAppUsed: "Browser",
    correlationId: randomUUID(),
    conditionalAccessStatus: "notApplied",
    isInteractive: true,
    resourceDisplayName: sp.displayName,
    resourceId: sp.appId,
    status: { errorCode, failureReason: errorCode === 0 ? "Other." : failureReason, additionalDetails: null },
  };
}

function signInBody(input: { appName: string; encoded: string; binding: string; relayState: string | null; username: string | null; error?: string }): string {
  const { appName, encoded, binding, relayState, username, error } = input;
  const errorHtml = error ? `<p class="error" role="alert" id="username-error">${escapeHtml(error)}</p>` : "";
  const describedBy = error ? ` aria-describedby="username-error" aria-invalid="true" autofocus` : "";
  return `<h1>Sign in</h1>
<p class="muted">Entra simulator · continuing to ${escapeHtml(appName)}</p>
<form method="post">
  ${errorHtml}
  <input type="hidden" name="SAMLRequest" value="${escapeHtml(encoded)}">
  <input type="hidden" name="binding" value="${escapeHtml(binding)}">
  ${relayState === null ? "" : `<input type="hidden" name="RelayState" value="${escapeHtml(relayState)}">`}
  <label for="username">Username</label>
  <input id="username" name="username" type="text" autocomplete="username" required placeholder="someone@contoso.example" value="${escapeHtml(username ?? "")}"${describedBy}>
  <button class="primary" type="submit">Sign in</button>
</form>`;
}

/** The HTTP-POST binding's auto-submitting form, with a button for browsers that run no script. */
function postBackBody(acsUrl: string, samlResponse: string, relayState: string | null): string {
  return `<h1>Signing you in…</h1>
<form method="post" action="${escapeHtml(acsUrl)}" id="saml-post">
  <input type="hidden" name="SAMLResponse" value="${escapeHtml(samlResponse)}">
  ${relayState === null ? "" : `<input type="hidden" name="RelayState" value="${escapeHtml(relayState)}">`}
  <button class="primary" type="submit">Continue</button>
</form>
<script>document.getElementById("saml-post").submit()</script>`;
}
