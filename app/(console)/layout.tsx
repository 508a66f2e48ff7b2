import Link from "next/link";
import { pageUser } from "@/lib/auth/session";
import { labSettingsOn } from "@/lib/settings";
import { LabModeBanner } from "@/components/shell/lab-mode-banner";
import { NavLinks } from "@/components/shell/nav-links";
import { SignOutButton } from "@/components/shell/sign-out-button";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const [user, labOn] = await Promise.all([pageUser(), labSettingsOn()]);
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      <nav
        aria-label="Main"
        className="border-b border-slate-200 bg-white p-3 md:w-56 md:shrink-0 md:border-r md:border-b-0 dark:border-slate-800 dark:bg-slate-900"
      >
        <Link href="/" className="mb-3 block px-3 text-lg font-semibold tracking-tight">
          SSO Bridge
        </Link>
        <NavLinks />
      </nav>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end gap-3 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
          <span className="text-sm" data-testid="signed-in-as">
            {user.name} <span className="text-slate-500 dark:text-slate-400">· {user.role}</span>
          </span>
          <SignOutButton />
        </header>
        <LabModeBanner on={labOn} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 p-4 md:p-8">
          {children}
        </main>
      </div>
    </div>
  );
}
