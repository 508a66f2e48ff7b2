import { utcSeconds } from "@/lib/utc-time";
import type { Loaded } from "@/lib/loaded";
import type { LogQuery } from "@/lib/provisioning/log-query";
import type { ExplainedEntry } from "@/lib/provisioning/provisioning-log";
import type { ProvisioningLogPage } from "@/lib/provisioning/provisioning-log-view";
import { Problem } from "@/components/ui/problem";
import { ReadingAge } from "@/components/ui/reading-age";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";
import { secondaryButtonClass } from "@/components/ui/form-status";
import { LinkedText } from "@/components/ui/linked-text";

const tones: Record<ExplainedEntry["status"], Tone> = { success: "good", failure: "bad", warning: "warning", skipped: "neutral", unknown: "neutral" };

/** One page of the log as kept here, with how far reading it from Entra has got. */
export async function LogTable({ query, reading }: { query: LogQuery; reading: Promise<Loaded<ProvisioningLogPage>> }) {
  const loaded = await reading;
  if (!loaded.ok) return <Problem problem={loaded.problem} />;
  const page = loaded.data;
  const next = page.nextCursor ? `/provisioning?${new URLSearchParams({ ...withoutPage(query.form), page: page.nextCursor }).toString()}#log` : null;
  return (
    <div className="space-y-3">
      <IngestionStatus ingestion={page.ingestion} />
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Provisioning log entries, newest first{query.cursor ? " (a later page)" : ""}</caption>
          <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">
                Time (UTC)
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                User or group
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Action
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Outcome
              </th>
              <th scope="col" className="py-2 font-medium">
                What happened
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 align-top dark:divide-slate-800">
            {page.entries.length === 0 && (
              <tr>
                <td colSpan={5} className="py-4 text-slate-600 dark:text-slate-400">
                  {page.ingestion.readAt ? (
                    <>No entries match{query.cursor ? " on this page" : ""}.</>
                  ) : (
                    <>The provisioning log has not been read from Entra yet.</>
                  )}
                </td>
              </tr>
            )}
            {page.entries.map((e) => (
              <LogRow key={e.id} entry={e} />
            ))}
          </tbody>
        </table>
      </div>
      {(next || query.cursor) && (
        <nav aria-label="Log pages" className="flex gap-3">
          {query.cursor && (
            <a href={`/provisioning?${new URLSearchParams(withoutPage(query.form)).toString()}#log`} className={secondaryButtonClass}>
              First page
            </a>
          )}
          {next && (
            <a href={next} className={secondaryButtonClass}>
              Next page
            </a>
          )}
        </nav>
      )}
    </div>
  );
}

function IngestionStatus({ ingestion }: { ingestion: ProvisioningLogPage["ingestion"] }) {
  const progress = ingestion.value;
  return (
    <div data-testid="log-ingestion">
      <ReadingAge reading={ingestion} />
      {progress && progress.completeAsOf === null && (
        <p role="status" className="text-xs text-slate-500 dark:text-slate-400">
          Backfilling: {progress.entries.toLocaleString("en-US")} {progress.entries === 1 ? "entry" : "entries"} so far; older entries follow within minutes.
        </p>
      )}
    </div>
  );
}

function LogRow({ entry: e }: { entry: ExplainedEntry }) {
  return (
    <tr>
      <td className="py-2 pr-3 font-mono text-xs whitespace-nowrap">{utcSeconds(e.activityDateTime)}</td>
      <td className="py-2 pr-3">
        <span className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">{e.source.type || "Object"}</span> {e.source.displayName || e.source.id}
      </td>
      <td className="py-2 pr-3">{e.action}</td>
      <td className="py-2 pr-3">
        <StatusBadge tone={tones[e.status]}>{e.status}</StatusBadge>
      </td>
      <td className="space-y-1 py-2">
        {e.explanation ? (
          <>
            <p>{e.explanation.summary}</p>
            <p>
              <span className="font-medium">Fix: </span>
              <LinkedText text={e.explanation.fix} />
            </p>
          </>
        ) : (
          e.errorReason && <p>{e.recommendedAction ?? e.errorReason}</p>
        )}
        <details className="text-xs text-slate-600 dark:text-slate-400">
          <summary className="cursor-pointer">Steps{e.errorCode ? ` and error ${e.errorCode}` : ""}</summary>
          <ol className="mt-1 ml-4 list-decimal space-y-0.5">
            {e.steps.map((s, i) => (
              <li key={i}>
                {s.name} ({s.status}): {s.description}
              </li>
            ))}
          </ol>
          {e.errorReason && <p className="mt-1 break-all">{e.errorReason}</p>}
        </details>
      </td>
    </tr>
  );
}

function withoutPage(form: Record<string, string>): Record<string, string> {
  const { page: _page, ...rest } = form;
  return rest;
}
