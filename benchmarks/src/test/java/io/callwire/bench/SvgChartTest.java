package io.callwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void drawsOneLegendEntryPerTargetAndSeriesAndEscapesText() {
        List<Row> rows = List.of(
                new Row("callwire", "10 per queue", 1000, 1000, 10, 2, 20, 40, 50, null),
                new Row("callwire", "10 per queue", 2000, 2000, 10, 3, 30, 60, 70, null),
                new Row("rabbit<mq>", "broadcast", 1000, 900, 10, 5, 50, 90, 100, null),
                new Row("empty", "none", 1000, 0, 0, 0, 0, 0, 0, null));
        String svg = SvgChart.render("fan-out & more", rows);
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("fan-out &amp; more").contains("rabbit&lt;mq&gt; · broadcast")
                .doesNotContain("empty · none").contains("p99.9");
        assertThat(svg.split("<path ", -1)).hasSize(1 + 2 * 3);
    }

    @Test
    void niceAxisCeilings() {
        assertThat(SvgChart.niceCeiling(1800)).isEqualTo(2000);
        assertThat(SvgChart.niceCeiling(2100)).isEqualTo(2500);
        assertThat(SvgChart.niceCeiling(50_000)).isEqualTo(50_000);
    }
}
