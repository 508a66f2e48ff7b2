import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { SignInButton } from "@/components/shell/sign-in-button";

export const metadata = { title: "Sign in" };

function safeCallback(value: string | undefined): string {
  // Only paths on this site: anything a browser could read as another origin ("//x", "/\\x",
  // control characters) would make the sign-in an open redirect.
  if (!value || !value.startsWith("/") || /[\\\u0000-\u001f]/.test(value)) return "/";
  const url = new URL(value, "http://sso-bridge.invalid");
  return url.origin === "http://sso-bridge.invalid" ? `${url.pathname}${url.search}${url.hash}` : "/";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  if (await currentUser()) redirect(safeCallback(params.callbackUrl));
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-xl font-semibold">SSO Bridge</h1>
        <p className="mt-1 mb-5 text-sm text-slate-600 dark:text-slate-400">Sign in with your organization&apos;s Microsoft Entra ID account.</p>
        {params.signedOut && (
          <p role="status" className="mb-4 rounded-md bg-slate-100 p-2 text-sm dark:bg-slate-800">
            You have signed out.
          </p>
        )}
        <SignInButton callbackUrl={safeCallback(params.callbackUrl)} />
      </div>
    </main>
  );
}
