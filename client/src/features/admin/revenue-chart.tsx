/** Revenue per day as plain SVG bars, with the same numbers as a table for screen readers and keyboards. */
import { useMoney } from '../../store-settings.tsx';
import type { Outputs } from '../../types.ts';

type Day = Outputs['reports']['summary']['revenueByDay'][number];

const WIDTH = 600;
const HEIGHT = 180;
const AXIS = 20;
/** Room above the tallest bar for the best-day label. */
const TOP = 18;

export function RevenueChart({ days }: { days: Day[] }) {
  const money = useMoney();
  const max = Math.max(1, ...days.map((day) => day.revenueCents));
  const slot = WIDTH / Math.max(1, days.length);
  const barWidth = Math.max(2, slot * 0.7);
  const plotHeight = HEIGHT - AXIS;
  const total = days.reduce((sum, day) => sum + day.revenueCents, 0);
  const first = days[0]?.day ?? '';
  const last = days[days.length - 1]?.day ?? '';

  return (
    <figure className="revenue-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="revenue-chart-title">
        <title id="revenue-chart-title">
          Revenue per day from {first} to {last}: {money(total)} in total, best day {money(max)}
        </title>
        <line x1={0} x2={WIDTH} y1={plotHeight} y2={plotHeight} className="axis" />
        {days.map((day, index) => {
          const height = (day.revenueCents / max) * (plotHeight - TOP);
          return (
            <rect
              key={day.day}
              x={index * slot + (slot - barWidth) / 2}
              y={plotHeight - height}
              width={barWidth}
              height={height}
              className="bar"
            >
              <title>{`${day.day}: ${money(day.revenueCents)} (${day.orders} orders)`}</title>
            </rect>
          );
        })}
        <text x={0} y={HEIGHT - 4} className="axis-label">
          {first}
        </text>
        <text x={WIDTH} y={HEIGHT - 4} textAnchor="end" className="axis-label">
          {last}
        </text>
        <text x={0} y={12} className="axis-label">
          best day {money(max)}
        </text>
      </svg>
      <figcaption>
        <details>
          <summary>Revenue by day as a table</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Orders</th>
                <th scope="col">Revenue</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.day}>
                  <td>{day.day}</td>
                  <td>{day.orders}</td>
                  <td>{money(day.revenueCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}
