"use client";

import { startTransition, useEffect, useRef, type ComponentProps } from "react";
import type { ActionResult } from "@/lib/action";

type Props = Omit<ComponentProps<"form">, "action" | "onSubmit"> & {
  /** the dispatcher useActionState returns */
  action: (form: FormData) => void;
  /** the action's last result, when a success should clear the form */
  state?: ActionResult | null;
  clearOnSuccess?: boolean;
};

/**
 * A form for a server action that keeps what was typed. React resets a form whose `action` prop has
 * run, whatever the result, so a refused entry would lose its values (a select falls back to its
 * first option); this form submits in a transition instead and clears only after a success, when asked.
 */
export function ActionForm({ action, state, clearOnSuccess, ...props }: Props) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (clearOnSuccess && state?.ok) ref.current?.reset();
  }, [state, clearOnSuccess]);
  return (
    <form
      {...props}
      ref={ref}
      onSubmit={(e) => {
        e.preventDefault();
        // The button that submitted names the intent where a form has several.
        const data = new FormData(e.currentTarget, e.nativeEvent.submitter);
        startTransition(() => action(data));
      }}
    />
  );
}
