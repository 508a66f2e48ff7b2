"use client";

import Link from "next/link";

// The sign-in page's own failures (Entra unreachable is explained on the page itself; this is for the rest).
export default function SignInError({ error }: { error: Error & { digest?: string } }) {
  return (
    <div role="alert" className="mx-auto max-w-md space-y-3 p-8 text-center">
      <h1 className="text-xl font-semibold">Sign-in could not be shown</h1>
      <p className="text-sm">
        SSO Bridge failed while preparing the sign-in page. Try again in a moment; if it keeps failing, an admin can find the cause in the server log
        {error.digest ? ` under the reference ${error.digest}` : ""}.
      </p>
      <Link href="/signin" className="text-sm font-medium text-sky-800 underline dark:text-sky-300">
        Try again
      </Link>
    </div>
  );
}
