package io.steadfast.bench.e2e;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;

/**
 * A latency-percentile chart as SVG: percentile on the x axis, spread as HdrHistogram plots do it
 * (each step of the axis one more nine: 90%, 99%, 99.9%, ...), latency on a logarithmic y axis.
 * SVG is text, so the chart diffs in review and needs no graphics library or fonts on the machine.
 */
final class LatencyChart {

    /** One line of the chart. */
    record Series(String label, Histogram latencyMicros) {
    }

    static final double[] PERCENTILES = {0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92.5, 95, 96, 97, 98, 99, 99.3, 99.5, 99.7,
        99.8, 99.9, 99.93, 99.95, 99.97, 99.99};
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
    private static final int WIDTH = 860;
    private static final int HEIGHT = 500;
    private static final int LEFT = 70;
    private static final int RIGHT = 250;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final double MAX_NINES = 4; // 99.99%

    private LatencyChart() {
    }

    static double nines(double percentile) {
        return Math.min(MAX_NINES, Math.log10(100.0 / (100.0 - Math.min(percentile, 99.99))));
    }

    static String svg(String title, List<Series> series) {
        if (series.stream().allMatch(x -> x.latencyMicros().getTotalCount() == 0)) {
            // Only rows kept out of the chart were run (such as the object store alone).
            return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"60\" font-family=\"sans-serif\">"
                    + "<text x=\"10\" y=\"35\">%s: no latencies measured for the chart in this run</text></svg>%n", WIDTH, escape(title));
        }
        double minMs = Double.MAX_VALUE;
        double maxMs = 0;
        for (Series s : series) {
            for (double p : PERCENTILES) {
                double ms = s.latencyMicros().getValueAtPercentile(p) / 1000.0;
                minMs = Math.min(minMs, Math.max(ms, 0.01));
                maxMs = Math.max(maxMs, ms);
            }
        }
        double lo = Math.pow(10, Math.floor(Math.log10(minMs)));
        double hi = Math.pow(10, Math.ceil(Math.log10(Math.max(maxMs, lo * 10))));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));
        // y grid: one line per decade, labelled in ms
        for (double v = lo; v <= hi * 1.0001; v *= 10) {
            double y = TOP + plotH - plotH * (Math.log10(v / lo) / Math.log10(hi / lo));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotW, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n", LEFT - 6, y + 4, label(v)));
        }
        // x grid: 0%, 90%, 99%, 99.9%, 99.99%
        String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%"};
        for (int n = 0; n <= MAX_NINES; n++) {
            double x = LEFT + plotW * n / MAX_NINES;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, TOP, x, TOP + plotH));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP + plotH + 18, xLabels[n]));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n", LEFT + plotW / 2, HEIGHT - 8));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n", LEFT, TOP, plotW, plotH));
        for (int i = 0; i < series.size(); i++) {
            Series line = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (double p : PERCENTILES) {
                double ms = Math.max(line.latencyMicros().getValueAtPercentile(p) / 1000.0, lo);
                double x = LEFT + plotW * nines(p) / MAX_NINES;
                double y = TOP + plotH - plotH * (Math.log10(ms / lo) / Math.log10(hi / lo));
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", colour,
                    points.toString().trim()));
            int ly = TOP + 10 + i * 20;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    LEFT + plotW + 12, ly, LEFT + plotW + 32, ly, colour));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotW + 38, ly + 4, escape(line.label())));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String label(double v) {
        return v >= 1 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%s", Double.toString(v).replaceAll("0+$", ""));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
