import type { AuthOptions } from "next-auth";
import AzureADProvider from "next-auth/providers/azure-ad";
import { recordAuditEventAlone } from "../audit/record-audit-event";
import { config } from "../config";
import { db } from "../db";
import { log, errorFields } from "../log";
import { requestContext } from "../request-context";
import { deriveKey } from "../security/key-ring";
import { keyRing } from "../security/encryption";
import { admitPerson } from "./admit-person";
import { identityFromClaims, type EntraClaims } from "./entra-claims";
import { returnPath } from "./return-address";

let options: AuthOptions | undefined;

/** next-auth configuration: Entra ID over OpenID Connect, restricted to the configured tenant. */
export function authOptions(): AuthOptions {
  if (options) return options;
  const { entra, admins, firstSignInAdmin, missingAcctClaim } = config();
  options = {
    secret: deriveKey(keyRing(), "session").toString("base64"),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin/refused" },
    providers: [
      AzureADProvider({
        name: "Microsoft Entra ID",
        clientId: entra.clientId,
        clientSecret: entra.clientSecret,
        tenantId: entra.tenantId,
        // The authority host is configuration (national clouds, the simulator); the tenant-specific
        // issuer makes the library reject tokens issued for any other tenant.
        wellKnown: `${entra.authorityHost}/${entra.tenantId}/v2.0/.well-known/openid-configuration`,
        // Claims come from the verified ID token (oid, tid are not in userinfo), and no profile photo
        // is fetched from Graph.
        idToken: true,
        checks: ["pkce", "state", "nonce"],
        // A console shared by a team: let people pick the account rather than reuse whichever
        // Entra session the browser already has.
        authorization: { params: { scope: "openid profile email", prompt: "select_account" } },
        profile: (claims: EntraClaims) => {
          const who = identityFromClaims(claims);
          return { id: who.oid, name: who.name, email: who.email };
        },
      }),
    ],
    callbacks: {
      // Every callbackUrl next-auth accepts (sign-in, sign-out, its cookie) passes this one check.
      redirect: ({ url, baseUrl }) => `${baseUrl}${returnPath(url, baseUrl)}`,
      async signIn({ profile }) {
        try {
          const admission = await admitPerson(
            identityFromClaims(profile as EntraClaims),
            { tenantId: entra.tenantId, admins, firstSignInAdmin, missingAcctClaim },
            await requestContext(),
          );
          return admission.admitted ? true : `/signin/refused?reason=${admission.reason}`;
        } catch (e) {
          log("error", "sign-in failed", errorFields(e));
          return "/signin/refused?reason=unavailable";
        }
      },
      async jwt({ token, profile }) {
        if (profile) {
          const user = await db().user.findUnique({ where: { entraObjectId: (profile as EntraClaims).oid ?? "" } });
          if (user) token.uid = user.id;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: typeof token.uid === "string" ? token.uid : undefined } };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.uid !== "string") return;
        await recordAuditEventAlone({
          actor: { type: "person", id: token.uid, label: token.name ?? "unknown" },
          action: "auth.sign-out",
          target: { type: "person", id: token.uid, label: token.email ?? null },
          outcome: "success",
          context: await requestContext(),
        });
      },
    },
    logger: {
      error: (code, metadata) => log("error", `next-auth: ${code}`, { metadata }),
      warn: (code) => log("warn", `next-auth: ${code}`),
      debug: () => {},
    },
  };
  return options;
}
