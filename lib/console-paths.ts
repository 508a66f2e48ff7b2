// Messages name the places in SSO Bridge where a fix is made ("Settings → Connections"); the console
// shows each such path as a link to that place. Paths in the AWS console or the Entra admin center
// ("IAM Identity Center → Settings → Automatic provisioning") are not listed: they stay text.

const CONSOLE_PATHS: Record<string, string> = {
  "Settings → Connections → Microsoft Entra": "/settings#entra-connection",
  "Settings → Connections → AWS": "/settings#aws-connection",
  "Settings → Connections": "/settings#connections",
  "Settings → Endpoints": "/settings#endpoints",
  "Settings → Webhooks": "/settings#webhooks",
  "Settings → People": "/settings#people",
  "Provisioning → Rotate SCIM token": "/provisioning#scim-token",
  "Nested groups": "/nested-groups",
};

export type TextPart = { text: string; href?: string };

// Longest first, so that "Settings → Connections → AWS" is one link, not a link and text.
const pattern = new RegExp(
  Object.keys(CONSOLE_PATHS)
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|"),
  "g",
);

/** The message cut into text and the console paths it names, each with where it leads. */
export function consolePathParts(message: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of message.matchAll(pattern)) {
    if (m.index > at) parts.push({ text: message.slice(at, m.index) });
    parts.push({ text: m[0], href: CONSOLE_PATHS[m[0]] });
    at = m.index + m[0].length;
  }
  if (at < message.length) parts.push({ text: message.slice(at) });
  return parts;
}
