package io.steadfast.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a run into PERFORMANCE.md between its markers, and the chart beside it under docs/. */
final class Publisher {

    private Publisher() {
    }

    static void publish(Path performanceMd, Path chartDir, Path out, String chart, String report, String soak) throws IOException {
        Files.createDirectories(chartDir);
        Files.copy(out.resolve(chart), chartDir.resolve(chart), StandardCopyOption.REPLACE_EXISTING);
        String relative = performanceMd.toAbsolutePath().getParent().relativize(chartDir.toAbsolutePath()).toString().replace('\\', '/');
        String doc = Files.exists(performanceMd) ? Files.readString(performanceMd) : "# Performance\n";
        doc = replace(doc, "e2e", report.replace("](" + chart + ")", "](" + relative + "/" + chart + ")"));
        if (soak != null) {
            doc = replace(doc, "soak", soak);
        }
        Files.writeString(performanceMd, doc);
    }

    /** Replaces the text between {@code <!-- name:begin -->} and {@code <!-- name:end -->}, or appends it with the markers. */
    static String replace(String doc, String name, String content) {
        String begin = "<!-- " + name + ":begin -->";
        String end = "<!-- " + name + ":end -->";
        int b = doc.indexOf(begin);
        int e = doc.indexOf(end);
        String block = begin + "\n" + content.strip() + "\n" + end;
        if (b < 0 || e < b) {
            return doc.stripTrailing() + "\n\n" + block + "\n";
        }
        return doc.substring(0, b) + block + doc.substring(e + end.length());
    }
}
