import Link from "next/link";
import { consolePathParts } from "@/lib/console-paths";

/** A message as text, with each place in the console it names ("Settings → Connections") a link there. */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {consolePathParts(text).map((p, i) =>
        p.href ? (
          <Link key={i} href={p.href} className="underline">
            {p.text}
          </Link>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
