import { redirect } from "next/navigation";
import { returnPath } from "@/lib/auth/return-address";
import { currentUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { SignInButton } from "@/components/shell/sign-in-button";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = returnPath(params.callbackUrl, config().publicUrl);
  if (await currentUser()) redirect(callbackUrl);
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
        <SignInButton callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
