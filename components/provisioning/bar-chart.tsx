// A small SVG bar chart: one bar per item, stacked from its segments, with its value axis (zero to
// the tallest bar, in its unit), its time axis (first to last bar), a legend of its colours, and a
// table of the same figures for screen readers. Segment values are drawn to scale against the tallest bar.

/** `keep`: drawn as a sliver even at zero, where the colour alone carries meaning. */
export type Segment = { value: number; colour: string; faded?: boolean; keep?: boolean };
export type Bar = { key: string; title: string; segments: Segment[] };
export type LegendEntry = { colour: string; label: string; faded?: boolean };

export function BarChart({
  label,
  bars,
  columns,
  rows,
  caption,
  unit,
  from,
  to,
  legend,
}: {
  label: string;
  bars: Bar[];
  columns: string[];
  rows: string[][];
  caption: React.ReactNode;
  /** what the bars' height counts, e.g. "seconds" */
  unit: string;
  /** the first and last bar's time, for the time axis */
  from: string;
  to: string;
  legend: LegendEntry[];
}) {
  const most = Math.max(1, ...bars.map((b) => b.segments.reduce((n, s) => n + s.value, 0)));
  const width = 12;
  const height = 80;
  return (
    <figure className="space-y-2">
      <div className="flex max-w-2xl gap-2" role="img" aria-label={label}>
        <div className="flex h-24 flex-col justify-between text-right text-xs text-slate-500 dark:text-slate-400">
          <span>
            {most} {unit}
          </span>
          <span>0</span>
        </div>
        <div className="min-w-0 flex-1 border-b border-l border-slate-300 dark:border-slate-700">
          <svg viewBox={`0 0 ${Math.max(1, bars.length) * width} ${height}`} className="h-24 w-full" preserveAspectRatio="none">
            {bars.map((b, i) => {
              let top = height;
              return (
                <g key={b.key}>
                  <title>{b.title}</title>
                  {b.segments.map((s, j) => {
                    const h = s.value <= 0 && !s.keep ? 0 : Math.max(2, (s.value / most) * height);
                    top -= h;
                    return <rect key={j} x={i * width + 1} y={top} width={width - 2} height={h} fill={s.colour} opacity={s.faded ? 0.35 : 1} />;
                  })}
                </g>
              );
            })}
          </svg>
          <div className="flex justify-between text-xs text-slate-500 dark:text-slate-400">
            <span>{from}</span>
            <span>{to}</span>
          </div>
        </div>
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label={`Legend: ${label}`}>
        {legend.map((l) => (
          <li key={l.label} className="flex items-center gap-1">
            {/* An SVG fill, not a style attribute: the Content-Security-Policy allows no inline styles. */}
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" rx="2" fill={l.colour} opacity={l.faded ? 0.35 : 1} />
            </svg>
            {l.label}
          </li>
        ))}
      </ul>
      <figcaption className="text-xs text-slate-500 dark:text-slate-400">{caption}</figcaption>
      <table className="sr-only">
        <caption>{label}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
