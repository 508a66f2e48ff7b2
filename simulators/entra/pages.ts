import type { DemoPerson } from "./tenant";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
    /* Secondary text that still meets WCAG AA contrast in light and dark schemes. */
    --muted: color-mix(in srgb, CanvasText 72%, Canvas); }
  body { margin: 0; background: Canvas; color: CanvasText; }
  main { max-width: 26rem; margin: 3rem auto; padding: 2rem; border: 1px solid GrayText; border-radius: 0.5rem; }
  h1 { font-size: 1.4rem; margin: 0 0 0.25rem; }
  h2 { font-size: 1rem; }
  .muted { color: var(--muted); margin: 0 0 1.5rem; }
  ul { list-style: none; padding: 0; margin: 0 0 1.5rem; display: grid; gap: 0.5rem; }
  button { font: inherit; cursor: pointer; border-radius: 0.35rem; padding: 0.6rem 0.9rem; }
  .person { width: 100%; text-align: left; border: 1px solid GrayText; background: transparent; color: inherit; }
  .person span { display: block; font-size: 0.85rem; color: var(--muted); }
  .primary { border: 0; background: #0f6cbd; color: #fff; }
  .link { border: 0; background: transparent; color: inherit; text-decoration: underline; padding: 0.6rem 0; }
  button:focus-visible, input:focus-visible { outline: 3px solid #0f6cbd; outline-offset: 2px; }
  label { display: block; font-weight: 600; margin-bottom: 0.35rem; }
  input { font: inherit; width: 100%; box-sizing: border-box; padding: 0.55rem; margin-bottom: 0.75rem; }
  .error { border-left: 4px solid #c50f1f; padding: 0.5rem 0.75rem; margin: 0 0 1rem; }
  .row { display: flex; gap: 1rem; align-items: center; }
`;

export function layout(title: string, body: string, head = ""): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${head}
</head>
<body><main>${body}</main></body>
</html>`;
}

export interface SignInPageInput {
  appName: string;
  people: readonly DemoPerson[];
  username?: string;
  error?: string;
}

/** Forms carry no action so they post back to the page's own URL, wherever it is mounted. */
export function signInPage({ appName, people, username, error }: SignInPageInput): string {
  const buttons = people
    .map(
      (p) => `<li><form method="post">
  <button class="person" type="submit" name="username" value="${escapeHtml(p.userPrincipalName)}">
    Sign in as ${escapeHtml(p.displayName)}<span>${escapeHtml(p.userPrincipalName)}</span>
  </button>
</form></li>`,
    )
    .join("\n");
  const errorHtml = error ? `<p class="error" role="alert" id="username-error">${escapeHtml(error)}</p>` : "";
  const describedBy = error ? ` aria-describedby="username-error" aria-invalid="true"` : "";
  const body = `<h1>Sign in</h1>
<p class="muted">Entra simulator · continuing to ${escapeHtml(appName)}</p>
<h2 id="people-heading">Choose a demo account</h2>
<ul aria-labelledby="people-heading">${buttons}</ul>
<form method="post">
  ${errorHtml}
  <label for="username">Username</label>
  <input id="username" name="username" type="text" autocomplete="username" required
    placeholder="someone@contoso.example" value="${escapeHtml(username ?? "")}"${describedBy}${error ? " autofocus" : ""}>
  <div class="row">
    <button class="primary" type="submit">Sign in</button>
    <button class="link" type="submit" name="cancel" value="1" formnovalidate>Cancel</button>
  </div>
</form>`;
  return layout("Sign in — Entra simulator", body);
}

export function messagePage(title: string, message: string): string {
  return layout(`${title} — Entra simulator`, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

/** Confirms sign-out without asking: the provider's form is submitted as soon as the page loads. */
export function autoLogoutPage(form: string): string {
  // The provider supplies the form (with its anti-forgery token); signing the browser out of
  // everything mirrors what a sign-out from Entra does.
  const withLogout = form.replace("</form>", '<input type="hidden" name="logout" value="yes"/></form>');
  const body = `<h1>Signing out…</h1>
${withLogout}
<noscript><button class="primary" type="submit" form="op.logoutForm">Sign out</button></noscript>`;
  const script = `<script>document.addEventListener("DOMContentLoaded",function(){document.forms[0].submit()})</script>`;
  return layout("Signing out — Entra simulator", body, script);
}
