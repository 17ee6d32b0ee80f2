package io.nicplan.service.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.InputException;
import io.nicplan.app.nic.Nics;
import io.nicplan.app.plan.Plans;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.service.nic.ResolvedNic;
import io.nicplan.service.work.ThreadScheduling;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The search process: prepares and runs the plan searches one service instance orders, so their allocation (a few
 * MB per preparation, OptaPlanner's moves) lands in this JVM's heap and its collections pause only this process,
 * never the threads answering requests (docs/service.md "The search process").
 *
 * <p>It speaks {@link SearchProcessProtocol} over stdin and stdout and logs to stderr, which the service shares. It
 * ends when its stdin does (the service stopped or died), after asking its searches to stop.
 *
 * <p>Arguments: the description limits the service parses with (bytes, nodes, edges) and the scheduling class of
 * the search threads ({@code background} or {@code normal}).
 */
public final class SearchProcessMain {
    /** Parsed descriptions kept, most recently used first: a fleet plans many hosts on a few NIC models. */
    private static final int KEPT_GRAPHS = 8;
    /** How long searches asked to stop at the end get to report their best plans. */
    private static final long STOP_GRACE_SECONDS = 5;

    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();
    private final Nics.Limits limits;
    private final ThreadScheduling scheduling;
    private final Map<String, JobSearch> searches = new ConcurrentHashMap<>();
    /** Jobs told to stop before their search existed. */
    private final Map<String, Boolean> stopBeforeStart = new ConcurrentHashMap<>();
    private final Map<String, DataflowGraph> graphs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DataflowGraph> eldest) {
            return size() > KEPT_GRAPHS;
        }
    };
    private final ExecutorService runners = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nicplan-search");
        t.setDaemon(true);
        return t;
    });

    private SearchProcessMain(PrintStream out, Nics.Limits limits, ThreadScheduling scheduling) {
        this.out = out;
        this.limits = limits;
        this.scheduling = scheduling;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        // stdout carries the protocol only: whatever a library prints goes to stderr with the logs.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Nics.Limits limits = new Nics.Limits(Long.parseLong(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        ThreadScheduling scheduling = ThreadScheduling.valueOf(args[3].toUpperCase(java.util.Locale.ROOT));
        new SearchProcessMain(protocol, limits, scheduling).serve(
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        System.exit(0);
    }

    private void serve(BufferedReader orders) throws IOException, InterruptedException {
        for (String line = orders.readLine(); line != null; line = orders.readLine()) {
            JsonNode order = json.readTree(line);
            String job = order.path(SearchProcessProtocol.JOB).asText();
            switch (order.path(SearchProcessProtocol.OP).asText()) {
                case SearchProcessProtocol.SEARCH -> runners.execute(() -> run(job, order));
                case SearchProcessProtocol.STOP -> stop(job);
                default -> System.err.println("search process: unknown order " + order.path(SearchProcessProtocol.OP));
            }
        }
        // The service is gone or stopping: its searches end with their best plans, which it may still read.
        searches.values().forEach(JobSearch::stop);
        runners.shutdown();
        runners.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    private void stop(String job) {
        JobSearch s = searches.get(job);
        if (s != null) {
            s.stop();
        } else {
            stopBeforeStart.put(job, true);
        }
    }

    private void run(String job, JsonNode order) {
        scheduling.applyToCurrentThread();
        try {
            PlanInputs in = PlanInputs.stored(nic(order.get(SearchProcessProtocol.NIC)),
                    (ObjectNode) order.get(SearchProcessProtocol.REQUEST));
            Plans.Prepared prepared;
            try {
                prepared = Plans.prepare(in.problem());
            } catch (InputException refused) {
                send(SearchProcessProtocol.refused(json, job, refused.problems()), null);
                return;
            }
            JobSearch search = LocalSearch.of(job, prepared, Optional.ofNullable(order.get(SearchProcessProtocol.FLOOR))
                    .map(JsonNode::asText), json);
            searches.put(job, search);
            if (stopBeforeStart.remove(job) != null) {
                search.stop();
            }
            JobSearch.Found best = search.run(better -> send(SearchProcessProtocol.better(json, job, better.score()),
                    better.json()));
            send(SearchProcessProtocol.done(json, job, best.score()), best.json());
        } catch (RuntimeException | StackOverflowError e) {
            e.printStackTrace();
            send(SearchProcessProtocol.failed(json, job, String.valueOf(e.getMessage())), null);
        } finally {
            searches.remove(job);
            stopBeforeStart.remove(job);
        }
    }

    /** The description an order names: shipped ones by name, uploaded ones parsed from the text it carries. */
    private DataflowGraph graph(JsonNode nic) {
        String id = nic.path("id").asText();
        synchronized (graphs) {
            DataflowGraph kept = graphs.get(id);
            if (kept != null) {
                return kept;
            }
        }
        String name = nic.path("name").asText();
        DataflowGraph g = nic.path("builtin").asBoolean()
                ? Nics.shippedGraph(name)
                : Nics.parse(name + ".unicorn", nic.path("source").asText(), limits).graph().orElseThrow(() ->
                        new IllegalStateException("description " + id + " does not parse in the search process"));
        synchronized (graphs) {
            graphs.put(id, g);
        }
        return g;
    }

    private ResolvedNic nic(JsonNode nic) {
        return new ResolvedNic(nic.path("id").asText(), nic.path("name").asText(), nic.path("builtin").asBoolean(),
                nic.path("source").asText(""), graph(nic));
    }

    /** One event: its header line, then the plan's JSON on a line of its own when it carries one. */
    private void send(ObjectNode header, String planLine) {
        try {
            synchronized (out) {
                out.println(json.writeValueAsString(header));
                if (planLine != null) {
                    out.println(planLine);
                }
                out.flush();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an event for plan " + header.path(SearchProcessProtocol.JOB), e);
        }
    }
}
