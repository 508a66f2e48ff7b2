import { utcMinutes } from "@/lib/utc-time";

/** How the number of findings moved over the last complete scans, newest first. */
export function DriftHistory({ scans }: { scans: { id: string; finishedAt: Date; total: number }[] }) {
  if (scans.length < 2) return null;
  const most = Math.max(1, ...scans.map((s) => s.total));
  return (
    <table className="w-full max-w-xl text-left text-sm" data-testid="drift-history">
      <caption className="mb-2 text-left font-medium">Findings in the last {scans.length} complete scans</caption>
      <thead className="text-slate-600 dark:text-slate-400">
        <tr>
          <th scope="col" className="py-1 pr-4 font-medium">
            Scan (UTC)
          </th>
          <th scope="col" className="py-1 pr-4 font-medium">
            Findings
          </th>
          <th scope="col" className="w-1/2 py-1 font-medium">
            <span className="sr-only">Share of the most in these scans</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {scans.map((s) => (
          <tr key={s.id}>
            <td className="py-1 pr-4 whitespace-nowrap">{utcMinutes(s.finishedAt)}</td>
            <td className="py-1 pr-4 tabular-nums">{s.total}</td>
            <td className="py-1" aria-hidden="true">
              {/* An SVG bar: the Content-Security-Policy allows no inline styles. */}
              <svg viewBox="0 0 100 8" preserveAspectRatio="none" className="h-2 w-full">
                <rect width={(s.total / most) * 100} height="8" className="fill-sky-700" />
              </svg>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
