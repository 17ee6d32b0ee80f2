package io.nicplan.service.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.fleet.FleetInstance;
import io.nicplan.service.nic.ResolvedNic;
import io.nicplan.service.problem.ApiProblem;
import io.nicplan.service.work.ThreadScheduling;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The service's side of its search process ({@link SearchProcessMain}): a second JVM, started with the first search
 * and again after it ended, that prepares and runs every search this instance orders. A search allocates a few MB
 * per preparation and far more while it moves plans around; in the service's heap that work made the young
 * collections that pause the request threads several times more frequent (docs/PERFORMANCE.md "HTTP service",
 * session 27). The process runs in Linux's {@code SCHED_IDLE} class when the searches are {@code background}
 * (the default), so its threads, its collector and its compiler among them, take a core only when requests leave
 * one free.
 *
 * <p>A search runner of the service still holds each job while it runs: it sends the order, stores each better
 * plan the process reports and ends the job. If the process dies (a search ran it out of memory, or someone killed
 * it), the jobs it ran fail with that reason and the next search starts a new process.
 */
@Component
class SearchProcess implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(SearchProcess.class);
    /** How long a stopping service waits for the process to hand over its searches' best plans. */
    private static final long EXIT_WAIT_SECONDS = 10;
    /** The system property on the process's command line that names its instance. */
    static final String INSTANCE_PROPERTY = "nicplan.search.instance";

    private final boolean enabled;
    private final List<String> command;
    private final ObjectMapper json;
    private Child child;   // guarded by this
    private boolean closed;   // guarded by this

    SearchProcess(@Value("${nicplan.search.process.enabled:true}") boolean enabled,
                  @Value("${nicplan.search.process.java-options:-Xmx768m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}")
                  String javaOptions,
                  @Value("${nicplan.search.scheduling:background}") ThreadScheduling scheduling,
                  LimitsProperties limits, ObjectMapper json, FleetInstance instance) {
        this.enabled = enabled;
        this.json = json;
        this.command = command(javaOptions, scheduling, limits, instance.id());
    }

    /** Whether searches run in the search process ({@code nicplan.search.process.enabled}); else in this JVM. */
    boolean enabled() {
        return enabled;
    }

    /** The search of job {@code id} with inputs {@code in}, from {@code floorJson} (the best plan stored) if any. */
    JobSearch search(String id, PlanInputs in, Optional<String> floorJson) {
        ObjectNode order = json.createObjectNode();
        order.put(SearchProcessProtocol.OP, SearchProcessProtocol.SEARCH).put(SearchProcessProtocol.JOB, id);
        ResolvedNic nic = in.nic();
        ObjectNode n = order.putObject(SearchProcessProtocol.NIC).put("id", nic.id()).put("name", nic.name())
                .put("builtin", nic.builtin());
        if (!nic.builtin()) {
            n.put("source", nic.source());
        }
        order.set(SearchProcessProtocol.REQUEST, in.json());
        floorJson.ifPresent(text -> order.put(SearchProcessProtocol.FLOOR, text));
        return new Remote(id, line(order));
    }

    /** The command that starts the process: this JVM's java, class path and launcher, and the configured options. */
    private static List<String> command(String javaOptions, ThreadScheduling scheduling, LimitsProperties limits,
                                        String instanceId) {
        List<String> c = new ArrayList<>();
        Optional<Path> chrt = onPath("chrt");
        if (scheduling == ThreadScheduling.BACKGROUND && chrt.isPresent()) {
            // sched(7): SCHED_IDLE for the whole process, inherited by every thread the JVM starts.
            c.addAll(List.of(chrt.get().toString(), "--idle", "0"));
        }
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(Arrays.stream(javaOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        // Names the instance whose searches it runs, for ps and for the operator (several may share a host).
        c.add("-D" + INSTANCE_PROPERTY + "=" + instanceId);
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        if (SearchProcess.class.getClassLoader().getClass().getName().startsWith("org.springframework.boot.loader")) {
            // Running from the executable jar: its launcher finds the nested jars for the process too.
            c.add("-Dloader.main=" + SearchProcessMain.class.getName());
            c.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        } else {
            c.add(SearchProcessMain.class.getName());
        }
        c.add(Long.toString(limits.maxDescriptionSize().toBytes()));
        c.add(Integer.toString(limits.maxDescriptionNodes()));
        c.add(Integer.toString(limits.maxDescriptionEdges()));
        c.add(scheduling.name().toLowerCase(java.util.Locale.ROOT));
        return List.copyOf(c);
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private String line(ObjectNode message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an order", e);
        }
    }

    /** The running process, started if there is none (or the last one ended). */
    private synchronized Child child() {
        if (closed) {
            throw new IllegalStateException("the service is stopping");
        }
        if (child == null || !child.process.isAlive()) {
            try {
                child = new Child(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the search process (" + command.get(0) + "): "
                        + e.getMessage(), e);
            }
            LOG.info("search process {} started", child.process.pid());
        }
        return child;
    }

    /** Lets the process end its searches, handing over their best plans, and waits for it a while. */
    @Override
    public void destroy() {
        Child c;
        synchronized (this) {
            closed = true;
            c = child;
        }
        if (c == null) {
            return;
        }
        c.closeOrders();
        try {
            if (!c.process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                c.process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            c.process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** One event from the process: its header and, for a plan, the plan's JSON text; or the process's end. */
    private record Event(JsonNode header, String plan, Optional<Integer> exitCode) {
    }

    /** A started process: its order pipe, and a reader thread handing each event to the job it names. */
    private final class Child {
        final Process process;
        private final Writer orders;
        private final Map<String, BlockingQueue<Event>> waiting = new ConcurrentHashMap<>();
        private volatile boolean ended;

        Child(Process process) {
            this.process = process;
            this.orders = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::readEvents, "nicplan-search-process-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        BlockingQueue<Event> register(String job) {
            BlockingQueue<Event> q = new LinkedBlockingQueue<>();
            waiting.put(job, q);
            if (ended) {
                q.add(new Event(null, null, Optional.of(process.exitValue())));
            }
            return q;
        }

        void unregister(String job) {
            waiting.remove(job);
        }

        /** Sends one order; false if the process has gone (its jobs learn why from their queues). */
        synchronized boolean send(String line) {
            try {
                orders.write(line);
                orders.write('\n');
                orders.flush();
                return true;
            } catch (IOException gone) {
                return false;
            }
        }

        synchronized void closeOrders() {
            try {
                orders.close();
            } catch (IOException alreadyGone) {
                // the process ended first
            }
        }

        private void readEvents() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    JsonNode header = json.readTree(line);
                    String plan = SearchProcessProtocol.carriesPlan(header) ? in.readLine() : null;
                    BlockingQueue<Event> q = waiting.get(header.path(SearchProcessProtocol.JOB).asText());
                    if (q != null) {
                        q.add(new Event(header, plan, Optional.empty()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("reading the search process's events failed; the process is stopped", e);
                process.destroyForcibly();
            }
            int exit;
            try {
                exit = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit = -1;
            }
            ended = true;
            if (!waiting.isEmpty()) {
                LOG.warn("search process {} ended with exit code {} while running {} searches", process.pid(), exit,
                        waiting.size());
            }
            for (BlockingQueue<Event> q : waiting.values()) {
                q.add(new Event(null, null, Optional.of(exit)));
            }
        }
    }

    /** A job's search in the process, driven from the search runner that holds the job. */
    private final class Remote implements JobSearch {
        private final String id;
        private final String order;
        private Child runningIn;   // while run() waits for the search's end; guarded by this
        private boolean stopRequested;   // guarded by this

        Remote(String id, String order) {
            this.id = id;
            this.order = order;
        }

        @Override
        public Found run(Consumer<Found> onBetter) {
            Child c = child();
            BlockingQueue<Event> events = c.register(id);
            try {
                boolean stopNow;
                synchronized (this) {
                    runningIn = c;
                    stopNow = stopRequested;
                }
                c.send(order);
                if (stopNow) {
                    c.send(stopOrder());
                }
                while (true) {
                    Event e = take(events, c);
                    if (e.exitCode().isPresent()) {
                        throw new IllegalStateException(ended(e.exitCode().get()));
                    }
                    JsonNode h = e.header();
                    switch (h.path(SearchProcessProtocol.EVENT).asText()) {
                        case SearchProcessProtocol.BETTER ->
                                onBetter.accept(new Found(SearchProcessProtocol.score(h), e.plan()));
                        case SearchProcessProtocol.DONE -> {
                            return new Found(SearchProcessProtocol.score(h), e.plan());
                        }
                        case SearchProcessProtocol.REFUSED -> throw new Refused(ApiProblem.invalidInput("plan request",
                                SearchProcessProtocol.errors(h)));
                        default -> throw new IllegalStateException(h.path("message").asText("no reason given"));
                    }
                }
            } finally {
                synchronized (this) {
                    runningIn = null;   // a stop from now on would reach a process that no longer runs the search
                }
                c.unregister(id);
            }
        }

        /** The next event; an interrupted runner asks the search to stop and goes on waiting for its best plan. */
        private Event take(BlockingQueue<Event> events, Child c) {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return events.take();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        c.send(stopOrder());
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void stop() {
            Child c;
            synchronized (this) {
                stopRequested = true;
                c = runningIn;
            }
            if (c != null) {
                c.send(stopOrder());
            }
        }

        private String stopOrder() {
            ObjectNode stop = json.createObjectNode();
            stop.put(SearchProcessProtocol.OP, SearchProcessProtocol.STOP).put(SearchProcessProtocol.JOB, id);
            return line(stop);
        }

        private static String ended(int exitCode) {
            // ExitOnOutOfMemoryError ends the JVM with status 3 (HotSpot's documented behaviour).
            return "the search process ended while running this search (exit code " + exitCode
                    + (exitCode == 3 ? ": out of memory, see nicplan.search.process.java-options" : "") + ")";
        }
    }
}
