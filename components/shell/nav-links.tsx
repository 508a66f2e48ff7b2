"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const sections = [
  { href: "/", label: "Overview" },
  { href: "/setup", label: "Setup" },
  { href: "/provisioning", label: "Provisioning" },
  { href: "/drift", label: "Drift" },
  { href: "/nested-groups", label: "Nested groups" },
  { href: "/access", label: "Access" },
  { href: "/audit", label: "Audit" },
  { href: "/settings", label: "Settings" },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="flex flex-wrap gap-1 md:flex-col">
      {sections.map((s) => {
        const active = s.href === "/" ? pathname === "/" : pathname.startsWith(s.href);
        return (
          <li key={s.href}>
            <Link
              href={s.href}
              aria-current={active ? "page" : undefined}
              className={`block rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap ${
                active
                  ? "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200"
                  : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              {s.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
