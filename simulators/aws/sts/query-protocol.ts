import crypto from "node:crypto";
import type http from "node:http";

// The AWS Query protocol as STS speaks it: a form-encoded POST carrying Action and Version, answered
// with <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata/></ActionResponse> or an
// <ErrorResponse> whose Code the SDK maps to its exception classes.

export const STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
export const STS_VERSION = "2011-06-15";

/** An error in STS's own words; handlers throw it and the endpoint renders it. */
export class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** "Receiver" marks a fault on AWS's side, which clients may retry. */
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
  }
}

/** Like the JSON services' structures, a nested object becomes nested elements; undefined is left out. */
export type XmlValue = string | number | Date | undefined | { [name: string]: XmlValue };

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

function elements(fields: Record<string, XmlValue>): string {
  let out = "";
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    // Query protocol timestamps are ISO 8601 in UTC.
    const inner = value instanceof Date ? value.toISOString() : typeof value === "object" ? elements(value) : escapeXml(String(value));
    out += `<${name}>${inner}</${name}>`;
  }
  return out;
}

function send(res: http.ServerResponse, status: number, requestId: string, xml: string): void {
  res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(xml), "x-amzn-requestid": requestId });
  res.end(xml);
}

export function sendQueryResult(res: http.ServerResponse, action: string, result: Record<string, XmlValue>): void {
  const requestId = crypto.randomUUID();
  const xml =
    `<${action}Response xmlns="${STS_XMLNS}"><${action}Result>${elements(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  send(res, 200, requestId, xml);
}

export function sendQueryError(res: http.ServerResponse, err: StsError): void {
  const requestId = crypto.randomUUID();
  const xml = `<ErrorResponse xmlns="${STS_XMLNS}"><Error>${elements({ Type: err.type, Code: err.code, Message: err.message })}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  send(res, err.status, requestId, xml);
}

/** True for what the SDK sends to a Query service: a form-encoded POST without X-Amz-Target. */
export function isQueryRequest(req: http.IncomingMessage): boolean {
  const type = String(req.headers["content-type"] ?? "");
  return req.method === "POST" && !req.headers["x-amz-target"] && type.startsWith("application/x-www-form-urlencoded");
}

export function readQueryParams(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}
