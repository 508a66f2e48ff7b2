import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { custom, generators, Issuer, type BaseClient } from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEntraOidc, type EntraOidcIssuer } from "./oidc-issuer";
import { subjectFor } from "./provider";
import { ADA_ADMIN, CONTOSO, DEMO_PEOPLE, FABRIKAM, FRANK_FOREIGN, GRETA_GUEST, OSCAR_OPERATOR, type DemoPerson } from "./tenant";

const REDIRECT_URI = "http://localhost:3999/api/auth/callback/azure-ad";
const SIGNED_OUT_URI = "http://localhost:3999/signed-out";

/**
 * A minimal browser: follows nothing on its own, keeps cookies with their paths, and refuses to
 * leave the simulator's plain HTTP origin, which is the property the HTTP/HTTPS split promises.
 */
class Browser {
  private cookies = new Map<string, { value: string; path: string }>();
  constructor(private readonly origin: string) {}

  async get(url: string): Promise<Response> {
    return this.send(url, { method: "GET" });
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.send(url, { method: "POST", body: new URLSearchParams(form) });
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    const target = new URL(url);
    if (target.origin !== this.origin) throw new Error(`browser sent to ${target.origin}`);
    const cookie = [...this.cookies]
      .filter(([, c]) => target.pathname === c.path || target.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`)
      .join("; ");
    const res = await fetch(target, { ...init, redirect: "manual", headers: cookie ? { cookie } : {} });
    for (const header of res.headers.getSetCookie()) this.store(header);
    return res;
  }

  private store(header: string): void {
    const [pair = "", ...attrs] = header.split(";").map((s) => s.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const attr = (key: string) => attrs.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split("=")[1];
    const expires = attr("expires");
    if (!value || (expires && Date.parse(expires) < Date.now())) this.cookies.delete(name);
    else this.cookies.set(name, { value, path: attr("path") ?? "/" });
  }
}

function location(res: Response, base: string): string {
  expect(res.status).toBeGreaterThanOrEqual(300);
  expect(res.status).toBeLessThan(400);
  const loc = res.headers.get("location");
  if (!loc) throw new Error("redirect without Location");
  return new URL(loc, base).href;
}

describe("Entra OpenID Connect simulator", () => {
  let dataDir: string;
  let sim: EntraOidcIssuer;
  let issuer: Issuer<BaseClient>;
  let client: BaseClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "entra-oidc-"));
    sim = await startEntraOidc({ dataDir, redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [SIGNED_OUT_URI] });
    // Trust the simulator CA explicitly rather than relaxing TLS verification.
    custom.setHttpOptionsDefaults({ ca: await readFile(sim.caCertPath) });
    issuer = await Issuer.discover(sim.issuer);
    client = new issuer.Client({ client_id: sim.clientId, client_secret: sim.clientSecret, redirect_uris: [REDIRECT_URI] });
  });

  afterAll(async () => {
    custom.setHttpOptionsDefaults({});
    await sim?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Starts an authorization request in `browser`; returns the first response and the checks to verify the callback. */
  async function authorize(browser: Browser, extra: Record<string, string> = {}) {
    const checks = { state: generators.state(), nonce: generators.nonce(), code_verifier: generators.codeVerifier() };
    const url = client.authorizationUrl({
      scope: "openid profile email",
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: generators.codeChallenge(checks.code_verifier),
      code_challenge_method: "S256",
      ...extra,
    });
    return { checks, next: location(await browser.get(url), url) };
  }

  /** Runs authorize → sign-in page → choose `person` → callback, returning the callback URL. */
  async function signIn(browser: Browser, person: DemoPerson) {
    const { checks, next: interaction } = await authorize(browser);
    expect(interaction).toMatch(new RegExp(`^${sim.browserBase}/${sim.tenantId}/v2.0/interaction/`));
    const page = await browser.get(interaction);
    expect(page.status).toBe(200);
    await page.text();
    const resume = location(await browser.post(interaction, { username: person.userPrincipalName }), interaction);
    const callback = location(await browser.get(resume), resume);
    return { checks, callback };
  }

  it("keeps TLS material with the CA public and the server key private", async () => {
    expect((await stat(sim.caCertPath)).mode & 0o777).toBe(0o644);
    expect((await stat(path.join(dataDir, "tls", "server-key.pem"))).mode & 0o777).toBe(0o600);
  });

  it("publishes Entra-shaped discovery over HTTPS with browser endpoints on plain HTTP", () => {
    const authorityHost = new URL(sim.authorityHost);
    expect(authorityHost.protocol).toBe("https:");
    expect(authorityHost.hostname).toBe("localhost");
    expect(sim.issuer).toBe(`${sim.authorityHost}/${CONTOSO.tenantId}/v2.0`);
    expect(issuer.metadata.issuer).toBe(sim.issuer);

    const browserBase = new URL(sim.browserBase);
    expect(browserBase.protocol).toBe("http:");
    expect(browserBase.port).not.toBe(authorityHost.port);
    expect(issuer.metadata.authorization_endpoint).toBe(`${sim.browserBase}/${CONTOSO.tenantId}/v2.0/auth`);
    expect(issuer.metadata.end_session_endpoint).toMatch(new RegExp(`^${sim.browserBase}/`));
    for (const backChannel of ["token_endpoint", "jwks_uri", "userinfo_endpoint"] as const) {
      expect(issuer.metadata[backChannel]).toMatch(new RegExp(`^${sim.issuer}/`));
    }
  });

  it("shows a sign-in page listing the seeded people and a labelled username field", async () => {
    const browser = new Browser(sim.browserBase);
    const { next: interaction } = await authorize(browser);
    const page = await browser.get(interaction);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain("<title>Sign in — Entra simulator</title>");
    expect(html).toMatch(/<label for="username">Username<\/label>\s*<input id="username" name="username"/);
    for (const person of DEMO_PEOPLE) {
      expect(html).toContain(`name="username" value="${person.userPrincipalName}"`);
      expect(html).toContain(`Sign in as ${person.displayName}`);
    }
  });

  it("signs a seeded person in with the authorization code flow and returns Entra claims", async () => {
    const { checks, callback } = await signIn(new Browser(sim.browserBase), ADA_ADMIN);
    expect(callback.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    const params = client.callbackParams(callback);
    expect(params.code).toBeTruthy();
    expect(params.iss).toBe(sim.issuer);

    const tokens = await client.callback(REDIRECT_URI, params, checks);
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: sim.issuer,
      aud: sim.clientId,
      oid: ADA_ADMIN.objectId,
      tid: CONTOSO.tenantId,
      preferred_username: "ada.admin@contoso.example",
      name: "Ada Admin",
      sub: subjectFor(ADA_ADMIN),
      ver: "2.0",
      // The acct optional claim, configured on SSO Bridge's app registration: 0 for a member.
      acct: 0,
    });
    expect(claims).not.toHaveProperty("idp");
    expect(claims.sub).not.toBe(ADA_ADMIN.objectId);
    // As in Entra without the optional claim configured: members' tokens carry no email.
    expect(claims).not.toHaveProperty("email");

    const userinfo = await client.userinfo(tokens);
    expect(userinfo).toMatchObject({ sub: claims.sub, oid: ADA_ADMIN.objectId });
  });

  it("re-renders the sign-in page with an escaped error for an unknown username", async () => {
    const browser = new Browser(sim.browserBase);
    const { checks, next: interaction } = await authorize(browser);

    const res = await browser.post(interaction, { username: '<b>"mallory"</b>@contoso.example' });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain("<title>Sign in — Entra simulator</title>");
    expect(html).toContain("couldn&#39;t find an account for &quot;&lt;b&gt;&quot;mallory&quot;&lt;/b&gt;@contoso.example&quot;");
    expect(html).toContain('role="alert"');
    expect(html).not.toContain("<b>");
    expect(html).not.toMatch(/at \w+ \(|Error:/);

    // The same interaction still completes afterwards.
    const resume = location(await browser.post(interaction, { username: OSCAR_OPERATOR.userPrincipalName }), interaction);
    const callback = location(await browser.get(resume), resume);
    const tokens = await client.callback(REDIRECT_URI, client.callbackParams(callback), checks);
    expect(tokens.claims().oid).toBe(OSCAR_OPERATOR.objectId);
  });

  it("returns access_denied to the application when the person cancels", async () => {
    const browser = new Browser(sim.browserBase);
    const { checks, next: interaction } = await authorize(browser);
    const resume = location(await browser.post(interaction, { cancel: "1", username: "" }), interaction);
    const callback = new URL(location(await browser.get(resume), resume));
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe(checks.state);
  });

  it("gives a person from another tenant their home tenant id, also with client_secret_post", async () => {
    const postClient = new issuer.Client({
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: "client_secret_post",
    });
    const { checks, callback } = await signIn(new Browser(sim.browserBase), FRANK_FOREIGN);
    const claims = (await postClient.callback(REDIRECT_URI, postClient.callbackParams(callback), checks)).claims();
    expect(claims.tid).toBe(FABRIKAM.tenantId);
    expect(claims.tid).not.toBe(CONTOSO.tenantId);
    expect(claims.preferred_username).toBe("frank@fabrikam.example");
  });

  it("marks a guest of the tenant with acct 1 and, as the tenant authenticated them itself, no idp claim", async () => {
    const { checks, callback } = await signIn(new Browser(sim.browserBase), GRETA_GUEST);
    const claims = (await client.callback(REDIRECT_URI, client.callbackParams(callback), checks)).claims();
    expect(claims).toMatchObject({ oid: GRETA_GUEST.objectId, tid: CONTOSO.tenantId, preferred_username: "greta.guest@contoso.example", acct: 1 });
    expect(claims).not.toHaveProperty("idp");
  });

  it("remembers the signed-in browser over HTTP and signs out to the post-logout URI without a prompt", async () => {
    const browser = new Browser(sim.browserBase);
    const first = await signIn(browser, ADA_ADMIN);
    const tokens = await client.callback(REDIRECT_URI, client.callbackParams(first.callback), first.checks);

    // A second request in the same browser is answered from the sign-in cookie.
    const again = await authorize(browser);
    expect(again.next.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    // Entra's prompt=select_account brings the picker back despite the cookie.
    const picker = await authorize(browser, { prompt: "select_account" });
    expect(picker.next).toMatch(/\/interaction\//);

    const logoutUrl = client.endSessionUrl({ id_token_hint: tokens, post_logout_redirect_uri: SIGNED_OUT_URI, state: "bye" });
    const page = await (await browser.get(logoutUrl)).text();
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page)?.[1];
    const inputs = Object.fromEntries([...page.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m): [string, string] => [m[1]!, m[2]!]));
    if (!action) throw new Error("logout page has no form");
    expect(inputs.logout).toBe("yes");
    expect(page).toContain("document.forms[0].submit()");

    const signedOut = location(await browser.post(action, inputs), action);
    expect(signedOut).toBe(`${SIGNED_OUT_URI}?state=bye`);

    const afterLogout = await authorize(browser);
    expect(afterLogout.next).toMatch(/\/interaction\//);
  });
});
