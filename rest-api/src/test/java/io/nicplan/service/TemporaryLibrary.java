package io.nicplan.service;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.service.nic.DescriptionLibrary;
import io.nicplan.service.nic.Diagnostic;
import io.nicplan.service.nic.ParsedDescription;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

@TestConfiguration
class TemporaryLibrary {
    @Bean
    DescriptionLibrary library() {
        return new DescriptionLibrary() {
            public ParsedDescription parse(String f, String s) {
                if (s.startsWith("graph")) {
                    return new ParsedDescription(Optional.of(DataflowGraph.builder("G").build()), List.of());
                }
                return new ParsedDescription(Optional.empty(), List.of(new Diagnostic("error", 1, 1, "bad")));
            }
            public List<String> builtinNames() { return List.of(); }
            public Optional<String> builtinSource(String n) { return Optional.empty(); }
            public Optional<String> builtinSummary(String n) { return Optional.empty(); }
            public String toDot(DataflowGraph g) { return "digraph"; }
            public String toJson(DataflowGraph g) { return "{}"; }
        };
    }
}
