import type { IncomingMessage } from "node:http";
import type Provider from "oidc-provider";
import type { Interaction, InteractionResults } from "oidc-provider";
import { messagePage, signInPage } from "./pages";
import { DEMO_PEOPLE, findPersonByUsername, type DemoPerson } from "./tenant";

type Middleware = Parameters<Provider["use"]>[0];
type Ctx = Parameters<Middleware>[0];

export interface InteractionOptions {
  appName: string;
  accountIdFor(person: DemoPerson): string;
  log(message: string, ...args: unknown[]): void;
}

/** Path of the sign-in page relative to the provider mount; also used for `interactions.url`. */
export const interactionPath = (uid: string) => `/interaction/${uid}`;
const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)$/;
const MAX_FORM_BYTES = 16 * 1024;
/** Errors meaning the browser no longer holds a usable sign-in request (for example an old tab). */
const EXPIRED = new Set(["SessionNotFound", "InvalidRequest", "InteractionMismatch"]);

/**
 * Serves the simulator's own sign-in page in place of oidc-provider's development screens.
 * Consent is recorded immediately, as it is for an Entra app whose permissions an
 * administrator has already granted for the tenant.
 */
export function interactionRoutes(provider: Provider, opts: InteractionOptions): Middleware {
  return async (ctx, next) => {
    const match = ROUTE.exec(ctx.path);
    if (!match || (ctx.method !== "GET" && ctx.method !== "POST")) {
      await next();
      return;
    }
    ctx.set("Cache-Control", "no-store");
    try {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.uid !== match[1]) throw Object.assign(new Error("interaction mismatch"), { name: "InteractionMismatch" });
      if (details.prompt.name === "consent") return finish(ctx, await consentResult(provider, details));
      if (ctx.method === "GET") return render(ctx, opts);

      const form = await readForm(ctx.req);
      if (form.has("cancel")) {
        return finish(ctx, { error: "access_denied", error_description: "The user cancelled the sign-in." });
      }
      const username = form.get("username")?.trim() ?? "";
      const person = findPersonByUsername(username);
      if (!person) {
        const error = username
          ? `We couldn't find an account for "${username}". Choose a demo account or check the username.`
          : "Enter a username, or choose a demo account.";
        return render(ctx, opts, 400, username, error);
      }
      const accountId = opts.accountIdFor(person);
      const consent = await consentResult(provider, details, accountId);
      // Resolving select_account as well lets a prompt=select_account request continue past this page.
      // A browser-lifetime cookie (remember: false) lets the next demo start as someone else.
      return finish(ctx, { select_account: {}, login: { accountId, remember: false }, ...consent });
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name && EXPIRED.has(name)) {
        opts.log("interaction rejected: %s", (err as Error).message);
        ctx.status = 400;
        ctx.type = "html";
        ctx.body = messagePage("Sign-in expired", "This sign-in request has expired or was not started here. Go back to the application and sign in again.");
        return;
      }
      if (name === "FormTooLarge") {
        ctx.status = 413;
        ctx.type = "html";
        ctx.body = messagePage("Request too large", "The submitted form was too large.");
        return;
      }
      opts.log("interaction failed: %O", err);
      ctx.status = 500;
      ctx.type = "html";
      ctx.body = messagePage("Something went wrong", "The simulator could not complete the sign-in.");
    }
  };

  async function finish(ctx: Ctx, result: InteractionResults): Promise<void> {
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.redirect(returnTo);
    ctx.status = 303;
  }
}

function render(ctx: Ctx, opts: InteractionOptions, status = 200, username?: string, error?: string): void {
  ctx.status = status;
  ctx.type = "html";
  ctx.body = signInPage({ appName: opts.appName, people: DEMO_PEOPLE, username, error });
}

/** Grants everything requested, so no consent screen is ever shown. */
async function consentResult(provider: Provider, details: Interaction, accountId = details.session?.accountId): Promise<InteractionResults> {
  const clientId = String(details.params.client_id);
  // An existing grant only carries over while the same person stays signed in.
  const existing = details.grantId && accountId === details.session?.accountId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ clientId, accountId });
  const scope = details.params.scope;
  if (typeof scope === "string") grant.addOIDCScope(scope);
  const missingClaims = details.prompt.details.missingOIDCClaims;
  if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims.map(String));
  return { consent: { grantId: await grant.save() } };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw Object.assign(new Error("form too large"), { name: "FormTooLarge" });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
