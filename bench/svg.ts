/**
 * The latency chart: one panel per phase, p50 / p95 / p99 bars per procedure,
 * with the targets drawn as dashed lines. A hand-built SVG string, so the
 * benchmark needs no charting package.
 */
import type { BenchReport, PhaseResult } from './report.ts';

const WIDTH = 960;
const HEIGHT = 440;
const PANEL_GAP = 40;
const MARGIN = { top: 56, right: 24, bottom: 72, left: 56 };
const SERIES = [
  { key: 'p50', color: '#4c78a8' },
  { key: 'p95', color: '#f58518' },
  { key: 'p99', color: '#e45756' },
] as const;

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round axis maximum (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten), at least `value`. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(value, 1)));
  return ([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((step) => step * power >= value) ?? 10) * power;
}

type Line = { ms: number; label: string };

function panel(phase: PhaseResult, x0: number, width: number, yMax: number, lines: Line[]): string {
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (ms: number) => MARGIN.top + plotHeight - (Math.min(ms, yMax) / yMax) * plotHeight;
  const procedures = Object.entries(phase.procedures);
  const groupWidth = width / Math.max(procedures.length, 1);
  const barWidth = Math.min(22, (groupWidth - 16) / SERIES.length);
  const parts = [
    `<text x="${x0 + width / 2}" y="${MARGIN.top - 20}" text-anchor="middle" font-weight="600">${escapeXml(phase.name)}</text>`,
    `<line x1="${x0}" y1="${y(0)}" x2="${x0 + width}" y2="${y(0)}" stroke="#333"/>`,
  ];
  for (let tick = 0; tick <= 4; tick++) {
    const value = (yMax / 4) * tick;
    parts.push(
      `<line x1="${x0}" y1="${y(value)}" x2="${x0 + width}" y2="${y(value)}" stroke="#ddd"/>`,
      `<text x="${x0 - 6}" y="${y(value) + 4}" text-anchor="end" font-size="11">${value.toFixed(value < 10 ? 1 : 0)}</text>`,
    );
  }
  procedures.forEach(([path, p], i) => {
    const groupX = x0 + i * groupWidth + (groupWidth - barWidth * SERIES.length) / 2;
    SERIES.forEach((series, j) => {
      const value = p[series.key];
      const barX = groupX + j * barWidth;
      parts.push(
        `<rect x="${barX.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(y(0) - y(value)).toFixed(1)}" fill="${series.color}"><title>${escapeXml(path)} ${series.key} ${value.toFixed(1)} ms</title></rect>`,
      );
    });
    parts.push(
      `<text x="${groupX + (barWidth * SERIES.length) / 2}" y="${y(0) + 16}" text-anchor="middle" font-size="11">${escapeXml(path)}</text>`,
      `<text x="${groupX + (barWidth * SERIES.length) / 2}" y="${y(0) + 30}" text-anchor="middle" font-size="10" fill="#666">p99 ${p.p99.toFixed(1)} ms</text>`,
    );
  });
  // Labels alternate ends, so two lines close together stay readable.
  lines
    .filter((candidate) => candidate.ms <= yMax)
    .forEach((line, i) => {
      const [x, anchor] = i % 2 === 0 ? [x0 + width - 4, 'end'] : [x0 + 4, 'start'];
      parts.push(
        `<line x1="${x0}" y1="${y(line.ms)}" x2="${x0 + width}" y2="${y(line.ms)}" stroke="#222" stroke-dasharray="5 4"/>`,
        `<text x="${x}" y="${y(line.ms) - 4}" text-anchor="${anchor}" font-size="10">${escapeXml(line.label)}</text>`,
      );
    });
  return parts.join('\n');
}

export function latencyChart(report: BenchReport): string {
  const [plain, slow] = report.phases as [PhaseResult, PhaseResult];
  const latency = report.checkoutLatencyMultiple.addedLatencyMs;
  const highest = Math.max(...report.phases.flatMap((phase) => Object.values(phase.procedures).map((p) => p.p99)));
  const yMax = niceMax(highest * 1.1);
  const panelWidth = (WIDTH - MARGIN.left - MARGIN.right - PANEL_GAP) / 2;
  const legend = SERIES.map(
    (series, i) =>
      `<rect x="${MARGIN.left + i * 70}" y="${HEIGHT - 24}" width="12" height="12" fill="${series.color}"/><text x="${MARGIN.left + i * 70 + 16}" y="${HEIGHT - 14}" font-size="12">${series.key}</text>`,
  ).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="14" font-weight="700">Stockroom latency per procedure (ms), ${report.config.customers} concurrent customers, ${report.machine.cores} cores</text>
<text x="${MARGIN.left - 44}" y="${MARGIN.top - 20}" font-size="11">ms</text>
${panel(plain, MARGIN.left, panelWidth, yMax, [{ ms: 100, label: 'target p99 100 ms' }])}
${panel(slow, MARGIN.left + panelWidth + PANEL_GAP, panelWidth, yMax, [
  { ms: latency * 1.3, label: `target checkout p50 ${latency * 1.3} ms (1.3x)` },
  { ms: latency, label: `added latency ${latency} ms (1x floor)` },
])}
${legend}
<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 14}" text-anchor="end" font-size="11" fill="#666">${escapeXml(report.generatedAt)}</text>
</svg>
`;
}
