import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg p-8 text-center">
      <h1 className="text-xl font-semibold">You do not have access to this page</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Your role does not allow it. An SSO Bridge admin can change your role under Settings.</p>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-sky-700 underline dark:text-sky-400">
        Back to the overview
      </Link>
    </div>
  );
}
