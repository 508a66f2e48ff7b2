import { AppError } from "@/lib/errors";
import { AWS_REGION_PATTERN } from "./aws-connection";

// The SCIM endpoint an operator copies from the IAM Identity Center console (Settings → Automatic
// provisioning). AWS documents one form, https://scim.<region>.amazonaws.com/<tenant id>/scim/v2/,
// served only in the instance's primary Region. Anything else is a lab endpoint such as the
// simulator, which an admin has to allow.

export type ScimEndpoint = { url: string /* normalised, ending in /scim/v2/ */; region: string | null; tenantId: string | null; isAwsHost: boolean };

const AWS_HOST = /^scim\.([a-z0-9-]+)\.amazonaws\.com$/;
const AWS_PATH = /^\/([A-Za-z0-9-]+)\/scim\/v2\/?$/;
const OTHER_PATH = /^(?:\/.*)??(?:\/([^/]+))?\/scim\/v2\/?$/;
const WHERE = "Copy it again from the IAM Identity Center console under Settings → Automatic provisioning";
const FORM = "https://scim.<region>.amazonaws.com/<tenant id>/scim/v2/";

/** https://scim.<region>.amazonaws.com/<tenant id>/scim/v2/. Other hosts: isAwsHost false (allowed only when an admin allows them, e.g. demo mode against the simulator). A trailing slash is added when missing; query and fragment refused. Wrong region vs the instance's region -> AppError("InvalidInput", …). */
export function parseScimEndpoint(raw: string, expect: { region: string; allowOtherHosts: boolean }): ScimEndpoint {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`This is not a URL. The SCIM endpoint looks like ${FORM}. ${WHERE}.`);
  }
  // An empty "?" or "#" leaves no trace in URL, so look at the text as well.
  if (url.search || url.hash || /[?#]/.test(text))
    throw invalid(`The SCIM endpoint has no query (?…) or fragment (#…); remove everything from the ? or # on. ${WHERE}.`);
  if (url.username || url.password) throw invalid("The SCIM endpoint must not contain a user name or password; the access token is entered separately.");

  const aws = AWS_HOST.exec(url.hostname);
  if (aws) return awsEndpoint(url, aws[1] as string, expect.region);
  if (/(^|\.)amazonaws\.com(\.cn)?$/.test(url.hostname)) {
    throw invalid(`${url.hostname} is an AWS host, but not IAM Identity Center's SCIM endpoint, which looks like ${FORM}. ${WHERE}.`);
  }
  if (!expect.allowOtherHosts) {
    throw invalid(
      `${url.host} is not IAM Identity Center's SCIM endpoint, which looks like ${FORM}. ${WHERE}. Other hosts (a lab, or the simulators in demo mode) are accepted only when an admin turns on "Allow lab SCIM endpoints" in Settings.`,
    );
  }
  const path = OTHER_PATH.exec(url.pathname);
  if (!path) throw invalid(`The SCIM endpoint's path should end in /scim/v2/, not ${url.pathname}.`);
  return { url: withSlash(url), region: null, tenantId: path[1] ?? null, isAwsHost: false };
}

function awsEndpoint(url: URL, region: string, expected: string): ScimEndpoint {
  if (!AWS_REGION_PATTERN.test(region)) throw invalid(`${url.hostname} names no AWS Region ("${region}"). ${WHERE}.`);
  if (url.protocol !== "https:" || url.port !== "")
    throw invalid(`IAM Identity Center's SCIM endpoint is reached over https:// on the standard port: ${FORM}. ${WHERE}.`);
  const path = AWS_PATH.exec(url.pathname);
  if (!path) throw invalid(`The path ${url.pathname} is not a SCIM endpoint's: after the host comes /<tenant id>/scim/v2/. ${WHERE}.`);
  if (region !== expected) {
    throw invalid(
      `The endpoint is in ${region} but your IAM Identity Center instance is in ${expected}: it belongs to another instance. Only the instance's primary Region serves SCIM; copy the endpoint from the console in ${expected}, under Settings → Automatic provisioning.`,
    );
  }
  return { url: withSlash(url), region, tenantId: path[1] as string, isAwsHost: true };
}

function withSlash(url: URL): string {
  return `${url.origin}${url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`}`;
}

function invalid(message: string): AppError {
  return new AppError("InvalidInput", message);
}
