import { AWS_REGION_PATTERN } from "./aws-connection";
import { AppError } from "@/lib/errors";

// Links into the AWS console for the steps AWS offers no API for. AWS_CONSOLE_URL replaces the
// console's origin, which is how demo mode leads to the simulated console: configuration, not a
// separate code path.

function consoleOrigin(region: string, env: Record<string, string | undefined>): string {
  const configured = env.AWS_CONSOLE_URL?.trim();
  if (configured) {
    if (!/^https?:\/\/[^\s/]+/.test(configured))
      throw new AppError("NotConfigured", "AWS_CONSOLE_URL must be an http(s) URL such as https://console.aws.amazon.com.");
    return configured.replace(/\/+$/, "");
  }
  if (region.startsWith("cn-")) return "https://console.amazonaws.cn";
  if (region.startsWith("us-gov-")) return "https://console.amazonaws-us-gov.com";
  return `https://${region}.console.aws.amazon.com`;
}

/** The IAM Identity Center console in `region` (settings, identity source, automatic provisioning). */
export function identityCenterConsoleUrl(region: string, env: Record<string, string | undefined> = process.env): string {
  if (!AWS_REGION_PATTERN.test(region)) throw new AppError("InvalidInput", `"${region}" is not an AWS region.`);
  return `${consoleOrigin(region, env)}/singlesignon/home?region=${region}`;
}

/** The AWS documentation page on enabling IAM Identity Center. */
export function enableIdentityCenterHelpUrl(): string {
  return "https://docs.aws.amazon.com/singlesignon/latest/userguide/enable-identity-center.html";
}

/**
 * The AWS access portal where people sign in: https://<identity store id>.awsapps.com/start unless
 * the instance has a custom subdomain, which AWS_ACCESS_PORTAL_URL then names (as it names the
 * simulated portal in demo mode).
 */
export function accessPortalUrl(identityStoreId: string, env: Record<string, string | undefined> = process.env): string {
  const configured = env.AWS_ACCESS_PORTAL_URL?.trim();
  if (configured) {
    if (!/^https?:\/\/[^\s/]+/.test(configured))
      throw new AppError("NotConfigured", "AWS_ACCESS_PORTAL_URL must be an http(s) URL such as https://my-company.awsapps.com/start.");
    return configured;
  }
  if (!/^d-[0-9a-f]{10}$/.test(identityStoreId)) throw new AppError("InvalidInput", `"${identityStoreId}" is not an identity store id.`);
  return `https://${identityStoreId}.awsapps.com/start`;
}
