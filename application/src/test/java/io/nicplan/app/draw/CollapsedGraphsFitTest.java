package io.nicplan.app.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nicplan.app.nic.GraphFormat;
import io.nicplan.app.nic.Nics;
import io.nicplan.graph.DataflowGraph;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #16: the shipped 82599 drawn node by node is 33,247 pt wide and the X710 192,252 pt; folded, each
 * fits a 2,000 px screen. Graphviz writes the SVG's width in points (1 pt = 96/72 px, the CSS ratio).
 */
class CollapsedGraphsFitTest {
    private static final double MAX_PIXELS = 2000;
    private static final Pattern WIDTH = Pattern.compile("<svg width=\"([0-9.]+)(pt|px)?\"");

    @ParameterizedTest
    @ValueSource(strings = {"intel-82599", "intel-x710"})
    void collapsedShippedGraphFitsTwoThousandPixels(String nic) {
        assumeTrue(Graphviz.available(), "Graphviz 'dot' is not installed (.ci/run installs graphviz)");
        DataflowGraph graph = Nics.read(Nics.BUILTIN_PREFIX + nic, Map.of()).graph().orElseThrow();

        String svg = Graphviz.svg(Nics.exportCollapsed(graph, GraphFormat.DOT, Set.of()));

        assertThat(pixels(svg)).as("collapsed %s width in px", nic).isLessThanOrEqualTo(MAX_PIXELS);
        assertThat(svg).as("queues folded into one node").containsPattern("Q\\{0\\.\\.\\d+\\}");
    }

    private static double pixels(String svg) {
        Matcher m = WIDTH.matcher(svg);
        assertThat(m.find()).as("an <svg width=...> attribute").isTrue();
        double value = Double.parseDouble(m.group(1));
        return "px".equals(m.group(2)) ? value : value * 96 / 72;
    }
}
