// Small charts over the last hour, drawn with uPlot (from its WebJar, see index.html's import map).
import uPlot from 'uplot';

function css(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/**
 * Draws a line chart into {@code container}: {@code times} in seconds since the epoch,
 * {@code series} as [{label, values, colour}] (a colour is a CSS variable name).
 */
export function lineChart(container, times, series, height = 120) {
    container.replaceChildren();
    if (times.length < 2) {
        container.append(Object.assign(document.createElement('div'), {
            className: 'muted',
            textContent: 'The chart fills in as the server samples its figures, once a minute.',
        }));
        return;
    }
    const axis = {stroke: css('--muted'), grid: {stroke: css('--line'), width: 1}, ticks: {stroke: css('--line'), width: 1}};
    const opts = {
        width: Math.max(220, container.clientWidth || 300),
        height,
        legend: {show: true, live: false},
        cursor: {drag: {x: false, y: false}},
        scales: {y: {range: (u, min, max) => [0, Math.max(1, max)]}},
        axes: [Object.assign({values: (u, ticks) => ticks.map(t => new Date(t * 1000).toLocaleTimeString(undefined, {hour: '2-digit', minute: '2-digit'}))}, axis),
            Object.assign({size: 40}, axis)],
        series: [{}].concat(series.map(s => ({label: s.label, stroke: css(s.colour), width: 2, spanGaps: false,
            points: {show: false}, value: (u, v) => v === null || v === undefined ? '—' : Number(v).toLocaleString()}))),
    };
    // eslint-disable-next-line no-new
    new uPlot(opts, [times].concat(series.map(s => s.values)), container);
}

/** Per-minute rate of a counter between consecutive samples; null across a restart (the counter fell). */
export function perMinute(points, read) {
    return points.map((p, i) => {
        if (i === 0) return null;
        const a = read(points[i - 1]), b = read(p);
        const dt = (Date.parse(p.at) - Date.parse(points[i - 1].at)) / 60000;
        if (a < 0 || b < 0 || b < a || dt <= 0) return null;
        return Math.round(((b - a) / dt) * 10) / 10;
    });
}
