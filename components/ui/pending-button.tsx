"use client";

import { useState } from "react";

/** A button for an action that leaves the page: it says what is happening and cannot be pressed twice. */
export function PendingButton({
  label,
  pendingLabel,
  onPress,
  className,
}: {
  label: string;
  pendingLabel: string;
  onPress: () => Promise<unknown>;
  className: string;
}) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        onPress().catch(() => setPending(false));
      }}
      className={className}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
