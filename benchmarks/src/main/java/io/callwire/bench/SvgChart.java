package io.callwire.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Latency percentiles (log scale, ms) against offered rate (per second): one colour per target and
 * series, solid for p50, dashed for p99, dotted for p99.9. Plain SVG, no library, so the report
 * renders on GitHub and in any browser.
 */
public final class SvgChart {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 230;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f"};

    private SvgChart() {
    }

    public static String render(String title, List<Row> rows) {
        Map<String, List<Row>> lines = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.count() > 0) {
                lines.computeIfAbsent(row.target() + " · " + row.series(), k -> new ArrayList<>()).add(row);
            }
        }
        double maxX = 1;
        double minY = Double.MAX_VALUE;
        double maxY = 1;
        for (Row row : rows) {
            if (row.count() > 0) {
                maxX = Math.max(maxX, row.offered());
                minY = Math.min(minY, Math.max(0.1, row.p50()));
                maxY = Math.max(maxY, Math.max(row.p999(), row.p99()));
            }
        }
        double logMin = Math.floor(Math.log10(minY == Double.MAX_VALUE ? 0.1 : minY));
        double logMax = Math.ceil(Math.log10(maxY));
        if (logMax <= logMin) {
            logMax = logMin + 1;
        }
        double xMax = niceCeiling(maxX);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));
        // axes and grid
        for (double e = logMin; e <= logMax; e++) {
            double y = TOP + plotH - (e - logMin) / (logMax - logMin) * plotH;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n", LEFT - 6, y + 4,
                    trim(Math.pow(10, e))));
        }
        for (int i = 0; i <= 5; i++) {
            double value = xMax * i / 5;
            double x = LEFT + plotW * i / 5.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n", x, TOP, x, TOP + plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP + plotH + 16,
                    trim(value)));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT, TOP, plotW, plotH));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">offered rate (per second)</text>%n",
                LEFT + plotW / 2, HEIGHT - 12));
        // lines
        int colour = 0;
        int legendY = TOP + 4;
        String[] dashes = {"", "6,4", "2,3"};
        String[] names = {"p50", "p99", "p99.9"};
        for (Map.Entry<String, List<Row>> line : lines.entrySet()) {
            String stroke = COLOURS[colour++ % COLOURS.length];
            List<Row> points = new ArrayList<>(line.getValue());
            points.sort((a, b) -> Double.compare(a.offered(), b.offered()));
            for (int p = 0; p < 3; p++) {
                StringBuilder path = new StringBuilder();
                for (Row row : points) {
                    double value = p == 0 ? row.p50() : p == 1 ? row.p99() : row.p999();
                    double x = LEFT + row.offered() / xMax * plotW;
                    double y = TOP + plotH - (Math.log10(Math.max(Math.pow(10, logMin), value)) - logMin) / (logMax - logMin) * plotH;
                    path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>%n", x, y, stroke));
                }
                svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"%s/>%n", path, stroke,
                        dashes[p].isEmpty() ? "" : " stroke-dasharray=\"" + dashes[p] + "\""));
            }
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    WIDTH - RIGHT + 12, legendY, WIDTH - RIGHT + 32, legendY, stroke));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 38, legendY + 4, escape(line.getKey())));
            legendY += 16;
        }
        legendY += 8;
        for (int p = 0; p < 3; p++) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" stroke-width=\"1.6\"%s/>%n",
                    WIDTH - RIGHT + 12, legendY, WIDTH - RIGHT + 32, legendY, dashes[p].isEmpty() ? "" : " stroke-dasharray=\"" + dashes[p] + "\""));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 38, legendY + 4, names[p]));
            legendY += 16;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
