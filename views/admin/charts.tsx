/**
 * Server-rendered SVG charts for the admin reports: readable without JavaScript, each an `img` with its own
 * <title> and <desc> (aria-labelledby), a <title> on every bar, point and cell (a tooltip), and always shown next to
 * a table of the same numbers. Colours come from classes in public/css (no inline styles under the CSP); a series is
 * told apart by pattern and position as well as colour.
 */

export interface Series {
  name: string;
  /** 1: solid; 2: hatched */
  look: 1 | 2;
  values: number[];
}

/** A short label under a category, with an optional second line (e.g. the year under January). */
export interface AxisLabel {
  main: string;
  sub?: string | undefined;
}

function AxisText({ x, y, label }: { x: number; y: number; label: AxisLabel }) {
  return (
    <>
      <text class="chart-axis" x={x} y={y} text-anchor="middle">
        {label.main}
      </text>
      {label.sub ? (
        <text class="chart-axis" x={x} y={y + 14} text-anchor="middle">
          {label.sub}
        </text>
      ) : null}
    </>
  );
}

/** A round number at or above `n`, for the top of an axis (1, 2, 5 × 10^k). */
export function niceCeiling(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

function Labelled({ id, title, desc }: { id: string; title: string; desc: string }) {
  return (
    <>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
    </>
  );
}

function HatchPattern({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={`${id}-hatch`} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
        <rect class="series-2-bg" width="6" height="6" />
        <line class="series-2-line" x1="0" y1="0" x2="0" y2="6" />
      </pattern>
    </defs>
  );
}

const barFill = (id: string, look: 1 | 2) => (look === 2 ? { fill: `url(#${id}-hatch)` } : { class: 'series-1' });

/** Every k-th label so that at most `max` fit along the axis. */
const labelStep = (count: number, max: number) => Math.max(1, Math.ceil(count / max));

/** Bars by category (e.g. month), one bar per series side by side, with a legend above. */
export function BarChart(props: { id: string; title: string; desc: string; categories: string[]; axis?: AxisLabel[]; series: Series[]; max?: number; barTitle: (series: Series, category: string, value: number) => string }) {
  const { id, categories, series } = props;
  const W = 760;
  const H = 290;
  const pad = { left: 48, right: 8, top: 34, bottom: 40 };
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const top = props.max ?? niceCeiling(Math.max(0, ...series.flatMap((s) => s.values)));
  const y = (n: number) => pad.top + plotH - (n / top) * plotH;
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, series.length));
  // legends side by side, each with room for a label that names its unit ("People checked in (members + guests)")
  const legendW = Math.max(200, plotW / Math.max(1, series.length));
  const step = labelStep(categories.length, 12);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <Labelled id={id} title={props.title} desc={props.desc} />
      <HatchPattern id={id} />
      {[0, top / 2, top].map((n) => (
        <g>
          <line class="chart-grid" x1={pad.left} x2={W - pad.right} y1={y(n)} y2={y(n)} />
          <text class="chart-axis" x={pad.left - 6} y={y(n) + 4} text-anchor="end">
            {n}
          </text>
        </g>
      ))}
      {categories.map((cat, i) =>
        series.map((s, k) => {
          const v = s.values[i] ?? 0;
          return (
            <rect {...barFill(id, s.look)} x={pad.left + i * groupW + groupW * 0.1 + k * barW} y={y(v)} width={barW - 1} height={Math.max(0, pad.top + plotH - y(v))}>
              <title>{props.barTitle(s, cat, v)}</title>
            </rect>
          );
        }),
      )}
      {categories.map((cat, i) => (i % step === 0 ? <AxisText x={pad.left + i * groupW + groupW / 2} y={H - 22} label={props.axis?.[i] ?? { main: cat }} /> : null))}
      {series.map((s, k) => (
        <g>
          <rect {...barFill(id, s.look)} x={pad.left + k * legendW} y={8} width={14} height={14} />
          <text class="chart-axis" x={pad.left + k * legendW + 20} y={20}>
            {s.name}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** A line of percentages by category; a category without a value (null) leaves a gap. */
export function RateChart(props: { id: string; title: string; desc: string; categories: string[]; axis?: AxisLabel[]; values: Array<number | null>; pointTitle: (category: string, value: number) => string }) {
  const { id, categories, values } = props;
  const W = 760;
  const H = 210;
  const pad = { left: 48, right: 8, top: 12, bottom: 40 };
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const top = Math.min(100, niceCeiling(Math.max(10, ...values.filter((v): v is number => v !== null))));
  const y = (n: number) => pad.top + plotH - (n / top) * plotH;
  const groupW = plotW / Math.max(1, categories.length);
  const x = (i: number) => pad.left + i * groupW + groupW / 2;
  const step = labelStep(categories.length, 12);
  // runs of consecutive known values, drawn as separate polylines
  const runs: Array<Array<[number, number]>> = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const last = runs[runs.length - 1];
    if (last && values[i - 1] !== null && i > 0) last.push([x(i), y(v)]);
    else runs.push([[x(i), y(v)]]);
  });
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <Labelled id={id} title={props.title} desc={props.desc} />
      {[0, top / 2, top].map((n) => (
        <g>
          <line class="chart-grid" x1={pad.left} x2={W - pad.right} y1={y(n)} y2={y(n)} />
          <text class="chart-axis" x={pad.left - 6} y={y(n) + 4} text-anchor="end">
            {`${n}%`}
          </text>
        </g>
      ))}
      {runs.map((run) => (
        <polyline class="chart-line" points={run.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')} />
      ))}
      {values.map((v, i) =>
        v === null ? null : (
          <circle class="chart-point" cx={x(i)} cy={y(v)} r={4}>
            <title>{props.pointTitle(categories[i]!, v)}</title>
          </circle>
        ),
      )}
      {categories.map((cat, i) => (i % step === 0 ? <AxisText x={x(i)} y={H - 22} label={props.axis?.[i] ?? { main: cat }} /> : null))}
    </svg>
  );
}

/** Shade 0 (nothing) to 4 (the busiest quarter), relative to the largest cell. */
export function heatShade(n: number, max: number): number {
  if (n <= 0 || max <= 0) return 0;
  return Math.min(4, Math.ceil((n / max) * 4));
}

/** A grid: a row per label, a column per hour (0–23), each cell shaded by its share of the largest. */
export function HeatMap(props: { id: string; title: string; desc: string; rows: string[]; cells: number[][]; cellTitle: (row: string, hour: number, value: number) => string }) {
  const { id, rows, cells } = props;
  const W = 760;
  const rowH = 26;
  const left = 64;
  const cw = (W - left) / 24;
  const H = rows.length * rowH + 22;
  const max = Math.max(0, ...cells.flat());
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <Labelled id={id} title={props.title} desc={props.desc} />
      {rows.map((label, r) => (
        <g>
          <text class="chart-axis" x={left - 8} y={r * rowH + rowH / 2 + 4} text-anchor="end">
            {label}
          </text>
          {(cells[r] ?? []).map((n, h) => (
            <rect class={`heat rheat-${heatShade(n, max)}`} x={left + h * cw + 1} y={r * rowH + 1} width={cw - 2} height={rowH - 2}>
              <title>{props.cellTitle(label, h, n)}</title>
            </rect>
          ))}
        </g>
      ))}
      {Array.from({ length: 8 }, (_, i) => i * 3).map((h) => (
        <text class="chart-axis" x={left + h * cw + cw / 2} y={H - 4} text-anchor="middle">
          {String(h).padStart(2, '0')}
        </text>
      ))}
    </svg>
  );
}

/** What the shades mean: five swatches, each with its range of values in words. */
export function HeatLegend({ max, label }: { max: number; label: (shade: number, from: number, to: number) => string }) {
  const bands = [0, 1, 2, 3, 4].map((shade) => {
    if (shade === 0) return { shade, from: 0, to: 0 };
    return { shade, from: Math.floor(((shade - 1) * max) / 4) + 1, to: Math.floor((shade * max) / 4) };
  });
  return (
    <ul class="heat-legend">
      {bands
        .filter((b) => b.shade === 0 || b.from <= b.to)
        .map((b) => (
          <li>
            <svg viewBox="0 0 10 10" aria-hidden="true" focusable="false">
              <rect class={`heat rheat-${b.shade}`} width="10" height="10" />
            </svg>
            {label(b.shade, b.from, b.to)}
          </li>
        ))}
    </ul>
  );
}

/** A thin bar of value against max for a table cell; decorative (the cell says the numbers in words). */
export function Meter({ value, max, level }: { value: number; max: number; level?: 'near' | 'full' | null }) {
  const share = max > 0 ? Math.min(1, value / max) : value > 0 ? 1 : 0;
  return (
    <svg class="meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect class="meter-track" x="0" y="0" width="100" height="8" />
      <rect class={level ? `meter-fill meter-${level}` : 'meter-fill'} x="0" y="0" width={(share * 100).toFixed(1)} height="8" />
    </svg>
  );
}
