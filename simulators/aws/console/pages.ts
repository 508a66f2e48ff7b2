import type { AwsWorld } from "../world";

// Plain, accessible HTML for the simulated console: no scripts or external assets, every input
// labelled, everything reachable by keyboard. Text is escaped at the one place it enters markup.

export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const TITLE = "IAM Identity Center — simulated AWS console";

export function layout(heading: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading === TITLE ? TITLE : `${heading} — ${TITLE}`)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
dt { font-weight: 600; } dd { margin: 0 0 .5rem 0; overflow-wrap: anywhere; }
label { display: block; margin-top: 1rem; font-weight: 600; }
button { margin-top: 1rem; padding: .4rem 1rem; }
:focus-visible { outline: 3px solid #0972d3; outline-offset: 2px; }
.note { border-left: 4px solid #8d6605; padding-left: .75rem; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(heading)}</h1>
${body}
</main>
</body>
</html>`;
}

function list(items: [string, string][]): string {
  return `<dl>${items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>`;
}

export function homePage(world: AwsWorld, requestedRegion: string | null): string {
  const region = world.region;
  const elsewhere =
    requestedRegion && requestedRegion !== region
      ? `<p class="note" role="note">IAM Identity Center is not enabled in ${escapeHtml(requestedRegion)}. Your instance is in ${escapeHtml(region)}: <a href="home?region=${encodeURIComponent(region)}">open it</a>.</p>`
      : "";
  const source = world.identitySource;
  const sourceDetails =
    source.type === "identity-center-directory"
      ? list([["Identity source", "Identity Center directory"]])
      : list([
          ["Identity source", "External identity provider"],
          ["IdP entity id (issuer URL)", source.idpEntityId],
          ["IdP sign-in URL", source.ssoUrl],
          ["IdP certificate thumbprint", source.certificateThumbprint],
          ["IdP certificate expires", source.certificateNotAfter.toISOString().slice(0, 10)],
          ["Changed", source.changedAt.toISOString()],
        ]);
  return layout(
    TITLE,
    `${elsewhere}
<p>A stand-in for the AWS console page where the identity source changes; that change has no AWS API.</p>
<section aria-labelledby="instance">
<h2 id="instance">Instance</h2>
${list([
  ["Instance ARN", world.instance.InstanceArn],
  ["Identity store ID", world.instance.IdentityStoreId],
  ["Region", region],
])}
</section>
<section aria-labelledby="source">
<h2 id="source">Identity source</h2>
${sourceDetails}
</section>
<section aria-labelledby="change">
<h2 id="change">Change identity source</h2>
<p>Choose <strong>External identity provider</strong>. Give your identity provider IAM Identity Center's service provider metadata, then upload the identity provider's metadata here.</p>
<p><a href="sp-metadata.xml" download>Download service provider metadata</a></p>
<form method="post" action="identity-source?region=${encodeURIComponent(region)}" enctype="multipart/form-data">
<label for="idp-metadata">IdP SAML metadata</label>
<input id="idp-metadata" name="idpMetadata" type="file" accept=".xml,application/xml,text/xml,application/samlmetadata+xml" required aria-describedby="idp-metadata-help">
<p id="idp-metadata-help">The federation metadata XML file from your identity provider.</p>
<label for="accept">Type ACCEPT to confirm the identity source change</label>
<input id="accept" name="accept" type="text" autocomplete="off" required aria-describedby="accept-help">
<p id="accept-help">Changing the identity source changes how every user signs in.</p>
<button type="submit">Change identity source</button>
</form>
</section>
<section aria-labelledby="users">
<h2 id="users">Users and groups</h2>
${usersList(world)}
</section>
<section aria-labelledby="provisioning">
<h2 id="provisioning">Automatic provisioning</h2>
${
  source.type === "external-idp"
    ? `${list([["SCIM endpoint", world.scim.baseUrl ? `${world.scim.baseUrl.replace(/\/+$/, "")}/` : "(not running)"]])}
<form method="post" action="scim-token?region=${encodeURIComponent(region)}"><button type="submit">Generate access token</button></form>`
    : "<p>Available once the identity source is an external identity provider.</p>"
}
</section>`,
  );
}

export function tokenPage(world: AwsWorld, token: { token: string; expiresAt: Date } | null): string {
  const back = `<p><a href="home?region=${encodeURIComponent(world.region)}">Back to IAM Identity Center</a></p>`;
  if (!token) return layout("Access token not generated", `<p role="alert">Change the identity source to an external identity provider first.</p>${back}`);
  return layout(
    "Access token generated",
    `<p role="status">Copy the access token now: it is shown only once.</p>
${list([
  ["SCIM endpoint", world.scim.baseUrl ? `${world.scim.baseUrl.replace(/\/+$/, "")}/` : ""],
  ["Access token", token.token],
  ["Expires", token.expiresAt.toISOString().slice(0, 10)],
])}${back}`,
  );
}

export function resultPage(world: AwsWorld, outcome: { ok: true } | { ok: false; problem: string }): string {
  const back = `<p><a href="home?region=${encodeURIComponent(world.region)}">Back to IAM Identity Center</a></p>`;
  if (outcome.ok) {
    return layout("Identity source changed", `<p role="status">You changed the identity source to External identity provider.</p>${back}`);
  }
  return layout(
    "Identity source not changed",
    `<p role="alert">The identity source was not changed: ${escapeHtml(outcome.problem)}</p><p>It is still ${world.identitySource.type === "external-idp" ? "your external identity provider" : "the Identity Center directory"}.</p>${back}`,
  );
}

// What the console's Users and Groups pages show: enough to see provisioned people arrive.
function usersList(world: AwsWorld): string {
  const users = [...world.identityStore.users.values()];
  const groups = [...world.identityStore.groups.values()];
  if (users.length === 0 && groups.length === 0) return "<p>No users or groups yet.</p>";
  const shown = users
    .slice(0, 50)
    .map((u) => `<li>${escapeHtml(u.UserName)}${u.DisplayName ? ` (${escapeHtml(u.DisplayName)})` : ""}</li>`)
    .join("");
  const more = users.length > 50 ? `<p>and ${users.length - 50} more.</p>` : "";
  return `<p>${users.length} users, ${groups.length} groups: ${escapeHtml(groups.map((g) => g.DisplayName).join(", "))}</p><ul>${shown}</ul>${more}`;
}
