// A small SVG bar chart: one bar per item, stacked from its segments, with a table of the same
// figures for screen readers. Segment values are drawn to scale against the tallest bar.

/** `keep`: drawn as a sliver even at zero, where the colour alone carries meaning. */
export type Segment = { value: number; colour: string; faded?: boolean; keep?: boolean };
export type Bar = { key: string; title: string; segments: Segment[] };

export function BarChart({
  label,
  bars,
  columns,
  rows,
  caption,
}: {
  label: string;
  bars: Bar[];
  columns: string[];
  rows: string[][];
  caption: React.ReactNode;
}) {
  const most = Math.max(1, ...bars.map((b) => b.segments.reduce((n, s) => n + s.value, 0)));
  const width = 12;
  const height = 80;
  return (
    <figure className="space-y-2">
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${Math.max(1, bars.length) * width} ${height}`}
        className="h-24 w-full max-w-2xl"
        preserveAspectRatio="none"
      >
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
