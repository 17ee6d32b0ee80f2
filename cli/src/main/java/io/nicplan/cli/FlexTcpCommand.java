package io.nicplan.cli;

import io.nicplan.app.flextcp.FlexTcpTrial;
import io.nicplan.net.Ipv4Address;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nicplan flextcp}: an emulated FlexNIC running FlexTCP on a new Linux TAP device, with an
 * echo, bulk or HTTP server for the kernel's tools, or a client of a server on the kernel's side.
 * Ctrl-C stops it and removes the device (docs/flextcp.md "Trying it by hand").
 */
@Command(name = "flextcp", mixinStandardHelpOptions = true,
        description = {"Run FlexTCP on an emulated FlexNIC attached to a new Linux TAP device, so the kernel's TCP",
                "(curl, nc, socat) talks to it. Needs /dev/net/tun and CAP_NET_ADMIN (root). Ctrl-C stops it and",
                "removes the device."})
final class FlexTcpCommand implements Callable<Integer> {

    private static final Pattern ADDRESS = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+)/(\\d{1,2})");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");
    /** How long Ctrl-C waits for the device to be removed before the JVM goes on exiting. */
    private static final long STOP_WAIT_SECONDS = 5;

    @Option(names = "--mode", defaultValue = "echo", paramLabel = "echo|bulk|http|client",
            description = {"echo: send back what arrives; bulk: send --bytes on every connection, then close;",
                    "http: answer each HTTP request with --bytes; client: connect to --port on the kernel's side,",
                    "send --bytes, read until the peer closes, print both SHA-256s (default: ${DEFAULT-VALUE})."})
    String mode;

    @Option(names = "--tap", defaultValue = "nicplan0", paramLabel = "NAME",
            description = "Name of the TAP device to create (default: ${DEFAULT-VALUE}).")
    String tap;

    @Option(names = "--address", defaultValue = "10.213.0.2/24", paramLabel = "A.B.C.D/LEN",
            description = {"The emulated NIC's address and the subnet's length; the kernel's side of the TAP takes the",
                    "subnet's first address (its second if that is the NIC's) (default: ${DEFAULT-VALUE})."})
    String address;

    @Option(names = "--port", defaultValue = "5001", description = "Server port, or the kernel-side port the client connects to (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bytes", defaultValue = "10M", paramLabel = "N[k|M|G]",
            description = "Bytes bulk and http send per connection and the client sends (binary units; default: ${DEFAULT-VALUE}).")
    String bytes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FlexTcpTrial.Settings settings = settings();
        String why = FlexTcpTrial.unavailableReason();
        if (why != null) {
            throw new UserInputException("cannot make a TAP device here: " + why);
        }
        PrintWriter out = spec.commandLine().getOut();
        Thread runner = Thread.currentThread();
        CountDownLatch removed = new CountDownLatch(1);
        // Ctrl-C: the JVM runs shutdown hooks while this thread goes on; interrupt it and wait until
        // it has removed the device.
        Thread onCtrlC = new Thread(() -> {
            runner.interrupt();
            try {
                removed.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "flextcp-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try (FlexTcpTrial trial = FlexTcpTrial.open(settings)) {
            out.println(trial.describe());
            out.println("Ctrl-C stops and removes " + settings.tapName());
            out.flush();
            try {
                trial.run(() -> false);
            } catch (InterruptedException e) {
                out.println("stopped");
            }
            out.println(trial.summary());
            out.flush();
        } finally {
            removed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it waits for the latch counted down above.
            }
            Thread.interrupted(); // an interrupt that arrived after the run ended must not leak out
        }
        return 0;
    }

    private FlexTcpTrial.Settings settings() {
        FlexTcpTrial.Mode parsedMode;
        try {
            parsedMode = FlexTcpTrial.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw NicplanCommand.usageError(spec, "--mode must be echo, bulk, http or client, got '" + mode + "'");
        }
        Matcher a = ADDRESS.matcher(address);
        Optional<Ipv4Address> ip = a.matches() ? Ipv4Address.tryParse(a.group(1)) : Optional.empty();
        if (ip.isEmpty() || Integer.parseInt(a.group(2)) < 1 || Integer.parseInt(a.group(2)) > 30) {
            throw NicplanCommand.usageError(spec, "--address must be A.B.C.D/LEN with LEN 1..30, got '" + address + "'");
        }
        Matcher size = SIZE.matcher(bytes);
        if (!size.matches() || size.group(1).length() > 12) {
            throw NicplanCommand.usageError(spec, "--bytes must be a number with an optional k, M or G, got '" + bytes + "'");
        }
        long unit = switch (size.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> 1;
        };
        if (port < 1 || port > 65535) {
            throw NicplanCommand.usageError(spec, "--port must be 1..65535, got " + port);
        }
        return new FlexTcpTrial.Settings(parsedMode, tap, ip.get(), Integer.parseInt(a.group(2)), port,
                Long.parseLong(size.group(1)) * unit);
    }
}
