import type { Metadata } from "next";
import "./globals.css";

// Every page depends on the signed-in person and live state; nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "SSO Bridge", template: "%s · SSO Bridge" },
  description: "Connect Microsoft Entra ID to AWS IAM Identity Center and keep it healthy.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">{children}</body>
    </html>
  );
}
