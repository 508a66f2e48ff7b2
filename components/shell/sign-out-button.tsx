"use client";

import { signOut } from "next-auth/react";
import { PendingButton } from "@/components/ui/pending-button";
import { secondaryButtonClass } from "@/components/ui/form-status";

export function SignOutButton() {
  return (
    <PendingButton
      label="Sign out"
      pendingLabel="Signing out…"
      onPress={() => signOut({ callbackUrl: "/signin?signedOut=1" })}
      className={secondaryButtonClass}
    />
  );
}
