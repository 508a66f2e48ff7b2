import { randomUUID } from "node:crypto";
import type http from "node:http";
import { deflateRawSync } from "node:zlib";
import type { BrowserHosts } from "../../browser-hosts";
import { BodyTooLargeError, readBody } from "../../read-body";
import { escapeHtml, layout } from "../console/pages";
import { spEntityId, spMetadata } from "../console/sp-metadata";
import type { AwsWorld } from "../world";
import { acceptSamlResponse } from "./assertion-consumer";

// The AWS access portal's sign-in (https://<identity store id>.awsapps.com/start in AWS) and IAM
// Identity Center's SAML assertion consumer service. With an external identity provider the portal
// starts SP-initiated sign-in: an AuthnRequest on the HTTP-Redirect binding to the sign-in URL from
// the uploaded IdP metadata. The ACS answers a refused response with AWS's generic page and keeps
// the reason where AWS does, in the ExternalIdPDirectoryLogin record (CloudTrail).

export const PORTAL_PATH = "/start";
export const ACS_PREFIX = "/platform/saml/acs/";
const MAX_FORM_BYTES = 512 * 1024;
const PENDING_LIMIT = 1000;
const PENDING_FOR_MS = 15 * 60_000;

export function isPortalRequest(pathname: string): boolean {
  return pathname === PORTAL_PATH || pathname.startsWith(ACS_PREFIX);
}

export async function handlePortalRequest(req: http.IncomingMessage, res: http.ServerResponse, world: AwsWorld, hosts: BrowserHosts): Promise<void> {
  const url = new URL(req.url ?? "/", "http://portal");
  if (req.method === "GET" && url.pathname === PORTAL_PATH) return startSignIn(res, world, hosts);
  if (req.method === "POST" && url.pathname.startsWith(ACS_PREFIX)) return consumeAssertion(req, res, world, url.pathname.slice(ACS_PREFIX.length));
  html(res, 404, layout("Not found", "<p>This page does not exist in the simulated AWS access portal.</p>"));
}

async function startSignIn(res: http.ServerResponse, world: AwsWorld, hosts: BrowserHosts): Promise<void> {
  const source = world.identitySource;
  if (source.type !== "external-idp") {
    return html(
      res,
      200,
      layout(
        "AWS access portal",
        "<p>The identity source is the IAM Identity Center directory. This simulator signs people in to the access portal only through an external identity provider; change the identity source in the console first.</p>",
      ),
    );
  }
  const { acsUrl } = await spMetadata(world);
  const id = `_${randomUUID()}`;
  const now = Date.now();
  for (const [pending, sentAt] of world.pendingAuthnRequests) {
    if (world.pendingAuthnRequests.size < PENDING_LIMIT && sentAt > now - PENDING_FOR_MS) break;
    world.pendingAuthnRequests.delete(pending);
  }
  world.pendingAuthnRequests.set(id, now);
  const request = [
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"`,
    ` ID="${id}" Version="2.0" IssueInstant="${new Date(now).toISOString()}" Destination="${escapeHtml(source.ssoUrl)}"`,
    ` AssertionConsumerServiceURL="${escapeHtml(acsUrl)}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">`,
    `<saml:Issuer>${escapeHtml(spEntityId(world))}</saml:Issuer>`,
    `<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" AllowCreate="true"/>`,
    `</samlp:AuthnRequest>`,
  ].join("");
  const target = new URL(hosts.forBrowser(source.ssoUrl));
  target.searchParams.set("SAMLRequest", deflateRawSync(request).toString("base64"));
  res.writeHead(302, { location: target.toString(), "cache-control": "no-store" }).end();
}

async function consumeAssertion(req: http.IncomingMessage, res: http.ServerResponse, world: AwsWorld, acsId: string): Promise<void> {
  const { acsUrl } = await spMetadata(world);
  if (!acsUrl.endsWith(`${ACS_PREFIX}${acsId}`)) return html(res, 404, layout("Not found", "<p>There is no assertion consumer service at this address.</p>"));
  let encoded: string | null;
  try {
    encoded = new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString("utf8")).get("SAMLResponse");
  } catch (e) {
    if (!(e instanceof BodyTooLargeError)) throw e;
    encoded = null;
  }
  const result = encoded
    ? acceptSamlResponse(world, acsUrl, encoded, Date.now())
    : ({ ok: false, errorMessage: "Request has no SAMLResponse", userName: null } as const);
  world.portalSignIns.push({
    eventTime: new Date(),
    outcome: result.ok ? "Success" : "Failure",
    userName: result.ok ? result.user.UserName : result.userName,
    errorMessage: result.ok ? null : result.errorMessage,
  });
  const captured = encoded ? capturedResponse(encoded) : "";
  if (result.ok) {
    const name = result.user.DisplayName ?? result.user.UserName;
    return html(
      res,
      200,
      layout("AWS access portal", `<p role="status">Signed in as <strong>${escapeHtml(name)}</strong> (${escapeHtml(result.user.UserName)}).</p>${captured}`),
    );
  }
  html(
    res,
    400,
    layout(
      "Something went wrong",
      `<p role="alert">We couldn't complete your request right now. Please try again later.</p>
<p class="note" role="note">Simulator: AWS shows only the message above. CloudTrail records an <code>ExternalIdPDirectoryLogin</code> failure with the reason: <strong>${escapeHtml(result.errorMessage)}</strong>.</p>${captured}`,
    ),
  );
}

/** The posted SAMLResponse as a browser's developer tools would show it, for pasting into an inspector. */
function capturedResponse(encoded: string): string {
  return `<h2>SAMLResponse</h2>
<p>As your browser's developer tools show it (Network, the POST to this page).</p>
<label for="saml-response">SAMLResponse (base64)</label>
<textarea id="saml-response" readonly rows="6" cols="80">${escapeHtml(encoded)}</textarea>`;
}

function html(res: http.ServerResponse, status: number, page: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(page), "cache-control": "no-store" });
  res.end(page);
}
