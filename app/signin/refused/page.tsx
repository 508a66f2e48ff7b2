import Link from "next/link";

export const metadata = { title: "Sign-in refused" };

const reasons: Record<string, { title: string; text: string }> = {
  "wrong-tenant": {
    title: "This account belongs to another organization",
    text: "SSO Bridge accepts only accounts of its configured Entra ID tenant. Sign in with your account in that tenant, or ask an admin which tenant SSO Bridge uses.",
  },
  guest: {
    title: "Guest accounts cannot sign in",
    text: "SSO Bridge accepts only the tenant's own members, not guest accounts. Sign in with a member account of the tenant.",
  },
  "no-acct-claim": {
    title: "Entra ID did not say whether you are a member or a guest",
    text: "The sign-in token has no acct claim, so SSO Bridge cannot tell a member from a guest and refuses both. An admin of the app registration adds the acct optional claim to its ID token (Token configuration → Add optional claim → ID → acct); then sign in again.",
  },
  "not-invited": {
    title: "You have not been added to SSO Bridge",
    text: "Self sign-up is turned off. Ask an SSO Bridge admin to add you under Settings → People, then sign in again.",
  },
  disabled: {
    title: "Your SSO Bridge account is disabled",
    text: "An admin has disabled your access. Ask an SSO Bridge admin to enable it again.",
  },
  "incomplete-identity": {
    title: "Entra ID did not say who you are",
    text: "The sign-in response had no object id or user name. Check that the app registration issues ID tokens with the profile and email scopes.",
  },
  "identity-conflict": {
    title: "Your user name belongs to another SSO Bridge account",
    text: "SSO Bridge already knows this user name for a different Entra ID account (the name may have been reassigned). Ask an SSO Bridge admin to remove the old entry under Settings → People, then sign in again.",
  },
  unavailable: {
    title: "Sign-in could not be completed",
    text: "SSO Bridge could not record your sign-in (the database may be unavailable). Try again in a minute; if it persists, ask an admin to check the server log.",
  },
  OAuthCallback: {
    title: "Microsoft Entra ID could not be reached or refused the sign-in",
    text: "The sign-in response could not be verified. Check the Entra settings (tenant, client id and secret, authority host) and try again.",
  },
  OAuthSignin: {
    title: "The sign-in could not start",
    text: "SSO Bridge could not reach Microsoft Entra ID. Check the network and the ENTRA_AUTHORITY_HOST setting, then try again.",
  },
  AccessDenied: {
    title: "Access denied",
    text: "Your sign-in was refused. Ask an SSO Bridge admin for access.",
  },
};

const fallback = { title: "Sign-in failed", text: "Something went wrong while signing you in. Try again." };

export default async function RefusedPage({ searchParams }: { searchParams: Promise<{ reason?: string; error?: string }> }) {
  const { reason, error } = await searchParams;
  const r = reasons[reason ?? error ?? ""] ?? fallback;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div role="alert" className="w-full max-w-md rounded-lg border border-red-200 bg-white p-6 shadow-sm dark:border-red-900 dark:bg-slate-900">
        <h1 className="text-lg font-semibold">{r.title}</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{r.text}</p>
        <Link href="/signin" className="mt-4 inline-block text-sm font-medium text-sky-700 underline dark:text-sky-400">
          Back to sign-in
        </Link>
      </div>
    </main>
  );
}
