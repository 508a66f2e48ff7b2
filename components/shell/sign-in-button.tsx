"use client";

import { signIn } from "next-auth/react";
import { PendingButton } from "@/components/ui/pending-button";

export function SignInButton({ callbackUrl }: { callbackUrl: string }) {
  return (
    <PendingButton
      label="Sign in with Microsoft Entra ID"
      pendingLabel="Redirecting to Microsoft Entra ID…"
      onPress={() => signIn("azure-ad", { callbackUrl })}
      className="w-full rounded-md bg-sky-700 px-4 py-2.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
    />
  );
}
