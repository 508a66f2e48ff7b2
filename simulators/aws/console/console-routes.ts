import type http from "node:http";
import { BodyTooLargeError, readBody } from "../../read-body";
import type { AwsWorld } from "../world";
import { readIdpMetadata } from "./idp-metadata";
import { homePage, resultPage, tokenPage } from "./pages";
import { issueScimToken } from "../scim/tokens";
import { spMetadata } from "./sp-metadata";

// The console pages under /singlesignon/, the path the real console uses, so that a deep link
// built from AWS_CONSOLE_URL lands here in demo mode.

export const CONSOLE_PREFIX = "/singlesignon/";
// Metadata files are a few KB; the XML reader refuses more than 256 KB anyway.
const MAX_UPLOAD_BYTES = 1024 * 1024;

export async function handleConsoleRequest(req: http.IncomingMessage, res: http.ServerResponse, world: AwsWorld): Promise<void> {
  const url = new URL(req.url ?? "/", "http://console");
  const route = `${req.method} ${url.pathname.slice(CONSOLE_PREFIX.length)}`;
  if (route === "GET home" || route === "GET ") return html(res, 200, homePage(world, url.searchParams.get("region")));
  if (route === "GET sp-metadata.xml") {
    const { xml, fileName } = await spMetadata(world);
    res.writeHead(200, {
      "content-type": "application/samlmetadata+xml; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    });
    return void res.end(xml);
  }
  if (route === "POST identity-source") return changeIdentitySource(req, res, world);
  if (route === "POST scim-token") {
    if (world.identitySource.type !== "external-idp") return html(res, 400, tokenPage(world, null));
    return html(res, 200, tokenPage(world, issueScimToken(world)));
  }
  html(
    res,
    404,
    '<!doctype html><title>Not found</title><p>This page does not exist in the simulated console. <a href="/singlesignon/home">IAM Identity Center</a></p>',
  );
}

async function changeIdentitySource(req: http.IncomingMessage, res: http.ServerResponse, world: AwsWorld): Promise<void> {
  let form: FormData;
  try {
    const body = await readBody(req, MAX_UPLOAD_BYTES);
    form = await new Request("http://console/", {
      method: "POST",
      headers: { "content-type": String(req.headers["content-type"] ?? "") },
      body: Uint8Array.from(body),
    }).formData();
  } catch (e) {
    const problem =
      e instanceof BodyTooLargeError
        ? "the upload is larger than 1 MB; a metadata file is a few KB."
        : "the form could not be read; submit it from the page again.";
    return html(res, e instanceof BodyTooLargeError ? 413 : 400, resultPage(world, { ok: false, problem }));
  }
  const accept = form.get("accept");
  if (typeof accept !== "string" || accept.trim() !== "ACCEPT") {
    return html(res, 400, resultPage(world, { ok: false, problem: "type ACCEPT to confirm the change." }));
  }
  const file = form.get("idpMetadata");
  const xml = typeof file === "string" ? file : file ? await file.text() : "";
  if (xml.trim() === "") return html(res, 400, resultPage(world, { ok: false, problem: "choose your identity provider's SAML metadata file." }));
  const reading = readIdpMetadata(xml);
  if (!reading.ok) return html(res, 400, resultPage(world, { ok: false, problem: reading.problem }));
  world.identitySource = reading.source;
  html(res, 200, resultPage(world, { ok: true }));
}

function html(res: http.ServerResponse, status: number, page: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(page), "cache-control": "no-store" });
  res.end(page);
}
