/**
 * The chart: three panels, each procedure's bars beside its floor and target
 * lines (dashed): the Worker's CPU per call, the libSQL server's CPU per
 * call, and latency with the simulated edge-to-primary latency. A hand-built
 * SVG string, so the benchmark needs no charting package.
 */
import type { Cost } from './cost.ts';
import type { BenchReport } from './report.ts';
import { TARGETS } from './targets.ts';

const WIDTH = 1200;
const HEIGHT = 460;
const PANEL_GAP = 56;
const MARGIN = { top: 64, right: 24, bottom: 96, left: 56 };
const COLORS = ['#4c78a8', '#f58518'];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round axis maximum (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten), at least `value`. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(value, 1e-3)));
  return ([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((step) => step * power >= value) ?? 10) * power;
}

type Bar = { label: string; values: number[] };
type Line = { value: number; label: string };
type Panel = { title: string; unit: string; series: string[]; bars: Bar[]; lines: Line[] };

/** "checkout.place" stays whole; "floor (a): the checkout batch via plain fetch" becomes "floor (a)". */
const shortLabel = (name: string) => name.replace(/:.*$/, '');

function panel(spec: Panel, x0: number, width: number): string {
  const highest = Math.max(...spec.bars.flatMap((bar) => bar.values), ...spec.lines.map((line) => line.value));
  const yMax = niceMax(highest * 1.1);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value: number) => MARGIN.top + plotHeight - (Math.min(value, yMax) / yMax) * plotHeight;
  const groupWidth = width / Math.max(spec.bars.length, 1);
  const barWidth = Math.min(22, (groupWidth - 10) / spec.series.length);
  const parts = [
    `<text x="${x0 + width / 2}" y="${MARGIN.top - 24}" text-anchor="middle" font-weight="600">${escapeXml(spec.title)}</text>`,
    `<text x="${x0 - 8}" y="${MARGIN.top - 8}" font-size="11" text-anchor="end">${escapeXml(spec.unit)}</text>`,
  ];
  for (let tick = 0; tick <= 4; tick++) {
    const value = (yMax / 4) * tick;
    parts.push(
      `<line x1="${x0}" y1="${y(value)}" x2="${x0 + width}" y2="${y(value)}" stroke="#ddd"/>`,
      `<text x="${x0 - 6}" y="${y(value) + 4}" text-anchor="end" font-size="11">${Number(value.toPrecision(3))}</text>`,
    );
  }
  spec.bars.forEach((bar, i) => {
    const groupX = x0 + i * groupWidth + (groupWidth - barWidth * spec.series.length) / 2;
    bar.values.forEach((value, j) => {
      parts.push(
        `<rect x="${(groupX + j * barWidth).toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(y(0) - y(value)).toFixed(1)}" fill="${COLORS[j % COLORS.length]}"><title>${escapeXml(`${bar.label} ${spec.series[j]} ${Number(value.toPrecision(3))} ${spec.unit}`)}</title></rect>`,
      );
    });
    const cx = groupX + (barWidth * spec.series.length) / 2;
    parts.push(
      `<text transform="translate(${cx.toFixed(1)} ${y(0) + 10}) rotate(35)" font-size="10">${escapeXml(shortLabel(bar.label))}</text>`,
    );
  });
  parts.push(`<line x1="${x0}" y1="${y(0)}" x2="${x0 + width}" y2="${y(0)}" stroke="#333"/>`);
  // Labels alternate ends, so two lines close together stay readable.
  spec.lines.forEach((line, i) => {
    const [x, anchor] = i % 2 === 0 ? [x0 + width - 4, 'end'] : [x0 + 4, 'start'];
    parts.push(
      `<line x1="${x0}" y1="${y(line.value)}" x2="${x0 + width}" y2="${y(line.value)}" stroke="#222" stroke-dasharray="5 4"/>`,
      `<text x="${x}" y="${y(line.value) - 4}" text-anchor="${anchor}" font-size="10">${escapeXml(line.label)}</text>`,
    );
  });
  if (spec.series.length > 1) {
    spec.series.forEach((name, j) => {
      const lx = x0 + j * 60;
      parts.push(
        `<rect x="${lx}" y="${HEIGHT - 22}" width="10" height="10" fill="${COLORS[j % COLORS.length]}"/><text x="${lx + 14}" y="${HEIGHT - 13}" font-size="11">${escapeXml(name)}</text>`,
      );
    });
  }
  return parts.join('\n');
}

export function costChart(report: BenchReport): string {
  const costs = Object.entries(report.costs);
  const floorA = report.floors.workerCheckoutCpuMs;
  const floorB = report.floors.engine.handWrittenCpuUs;
  const latency = report.latency.addedLatencyMs;
  const panels: Panel[] = [
    {
      title: 'Worker CPU per call (workerd)',
      unit: 'ms',
      series: ['CPU'],
      bars: costs.map(([label, cost]) => ({ label, values: [cost.workerCpuMs] })),
      lines: [
        {
          value: floorA * TARGETS.workerCheckoutToFloorA,
          label: `checkout target ${TARGETS.workerCheckoutToFloorA}x floor (a)`,
        },
        { value: TARGETS.workerCatalogReadMs, label: `catalog read target ${TARGETS.workerCatalogReadMs} ms` },
      ],
    },
    {
      title: 'libSQL server CPU per call',
      unit: 'µs',
      series: ['CPU'],
      bars: [
        ...costs.map(([label, cost]) => ({ label, values: [cost.dbCpuUs] })),
        { label: 'floor (b): hand-written, bare engine', values: [floorB] },
      ],
      lines: [
        {
          value: floorB * TARGETS.dbCheckoutToFloorB,
          label: `checkout target ${TARGETS.dbCheckoutToFloorB}x floor (b)`,
        },
      ],
    },
    {
      title: `Latency, each alone, ${latency} ms simulated latency`,
      unit: 'ms',
      series: ['p50', 'p95'],
      bars: Object.entries(report.latency.procedures).map(([label, cost]: [string, Cost]) => ({
        label,
        values: [cost.latency.p50, cost.latency.p95],
      })),
      lines: [
        { value: latency * TARGETS.checkoutP50Multiple, label: `checkout p50 target ${TARGETS.checkoutP50Multiple}x` },
        { value: latency, label: `added latency ${latency} ms` },
      ],
    },
  ];
  const panelWidth = (WIDTH - MARGIN.left - MARGIN.right - PANEL_GAP * (panels.length - 1)) / panels.length;
  const body = panels.map((spec, i) => panel(spec, MARGIN.left + i * (panelWidth + PANEL_GAP), panelWidth)).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="700">Stockroom cost per call beside its floors (${escapeXml(report.runtime.name)}, ${report.machine.cores} cores)</text>
${body}
<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 8}" text-anchor="end" font-size="11" fill="#666">${escapeXml(report.generatedAt)}</text>
</svg>
`;
}
