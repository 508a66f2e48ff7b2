import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import type Provider from "oidc-provider";
import type { Configuration, JWK } from "oidc-provider";
import { autoLogoutPage, messagePage } from "./pages";
import { interactionPath, interactionRoutes } from "./interactions";
import { DEMO_PEOPLE, SSO_BRIDGE_APP, type DemoPerson } from "./tenant";

type OidcModule = typeof import("oidc-provider");
export type Log = (message: string, ...args: unknown[]) => void;

export interface EntraProviderOptions {
  issuer: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  log: Log;
}

/**
 * Entra gives every application its own pairwise `sub`, unlike the stable `oid`; deriving it the
 * same way keeps SSO Bridge honest about keying people on `oid`.
 */
export function subjectFor(person: DemoPerson, clientId = SSO_BRIDGE_APP.clientId): string {
  return createHash("sha256").update(`${clientId}:${person.objectId}`).digest("base64url");
}

const SIX_HOURS = 6 * 60 * 60;

export async function createEntraProvider(opts: EntraProviderOptions): Promise<Provider> {
  const oidc = await quietly(opts.log, () => import("oidc-provider"));
  const bySubject = new Map(DEMO_PEOPLE.map((p) => [subjectFor(p), p]));
  const mountPath = new URL(opts.issuer).pathname;

  const configuration: Configuration = {
    clients: [
      {
        client_id: SSO_BRIDGE_APP.clientId,
        client_secret: SSO_BRIDGE_APP.clientSecret,
        client_name: SSO_BRIDGE_APP.displayName,
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        // client_secret_post is accepted as well: oidc-provider treats the two secret methods alike.
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    scopes: ["openid", "profile", "email"],
    claims: {
      // acct is an optional claim: Entra adds it to the ID token when the app registration asks for it, as SSO Bridge's does.
      openid: ["sub", "oid", "tid", "ver", "acct"],
      profile: ["name", "preferred_username"],
      email: ["email"],
    },
    // Entra puts profile and email claims in the ID token even alongside an access token.
    conformIdTokenClaims: false,
    responseTypes: ["code"],
    findAccount(_ctx, sub) {
      const person = bySubject.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          oid: person.objectId,
          tid: person.homeTenantId,
          ver: "2.0",
          name: person.displayName,
          preferred_username: person.userPrincipalName,
          // 0 for a member of the tenant, 1 for a guest. Guests the tenant authenticates itself get no idp claim.
          acct: person.userType === "Guest" ? 1 : 0,
          // Entra's v2 ID tokens carry email for members only when the app configures it as an
          // optional claim; by default it is absent, so SSO Bridge must not depend on it.
        }),
      };
    },
    interactions: {
      policy: interactionPolicy(oidc.interactionPolicy),
      url: (_ctx, interaction) => `${mountPath}${interactionPath(interaction.uid)}`,
    },
    features: {
      devInteractions: { enabled: false },
      // Entra does not offer pushed authorization requests; advertising them could mislead clients.
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = autoLogoutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = messagePage("Signed out", "You have signed out. You can close this window.");
        },
      },
    },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = messagePage("Sign-in error", [out.error, out.error_description].filter(Boolean).join(": "));
    },
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: SIX_HOURS,
      Grant: SIX_HOURS,
    },
  };

  const provider = await quietly(opts.log, () => new oidc.Provider(opts.issuer, configuration));
  provider.use(
    interactionRoutes(provider, {
      appName: SSO_BRIDGE_APP.displayName,
      accountIdFor: (person) => subjectFor(person),
      log: opts.log,
    }),
  );
  provider.on("server_error", (_ctx, err) => opts.log("server error: %O", err));
  for (const event of ["authorization.error", "grant.error", "end_session.error", "userinfo.error"] as const) {
    provider.on(event as "authorization.error", (_ctx, err) => opts.log("%s: %s", event, err.message));
  }
  return provider;
}

/** Adds Entra's prompt=select_account, which oidc-provider would otherwise reject as unsupported. */
function interactionPolicy(policy: OidcModule["interactionPolicy"]) {
  const prompts = policy.base();
  prompts.add(new policy.Prompt({ name: "select_account", requestable: true }), 0);
  return prompts;
}

function signingKey(): JWK {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomBytes(12).toString("base64url"), alg: "RS256", use: "sig" };
}

/**
 * oidc-provider writes start-up notices straight to the console (its in-memory store, and
 * Node 20 being outside its tested range); they are expected for a simulator, so they go to
 * the debug log instead of every test run's output.
 */
async function quietly<T>(log: Log, fn: () => T | Promise<T>): Promise<T> {
  const { warn, info } = console;
  const divert =
    (original: typeof console.warn) =>
    (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes("oidc-provider ")) log("%s", args[0]);
      else original.apply(console, args);
    };
  console.warn = divert(warn);
  console.info = divert(info);
  try {
    return await fn();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}
