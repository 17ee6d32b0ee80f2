package io.nicplan.flexnic.wire;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import io.nicplan.net.Ipv4Address;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A Linux TAP device: Ethernet frames written here enter the kernel as if they arrived on the
 * interface, and frames the kernel sends out of the interface are read here. Created through
 * {@code /dev/net/tun} ({@code TUNSETIFF} with {@code IFF_TAP | IFF_NO_PI}, so every read and
 * write is one whole frame, without FCS) and given the kernel's address with {@code ip}. The
 * device is not persistent: closing the file removes it, also when the JVM dies.
 *
 * <p>Without {@code TUNSETOFFLOAD} the device offers the kernel no checksum or segmentation
 * offload, so every frame read carries complete checksums and fits the MTU.
 *
 * <p>Threading: one thread reads, writes and waits (the {@link TapWire}'s); {@link #close} may
 * come from another once that thread has stopped.
 */
public final class TapDevice implements AutoCloseable {

    /** Interface names: what {@code ip} and the kernel take (IFNAMSIZ - 1 characters, no '/' or space). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    /** The largest frame a read can return; the device's MTU (1500) keeps frames far below it. */
    public static final int MAX_FRAME = 65_536;
    /** CAP_NET_ADMIN's bit in /proc/self/status's CapEff (linux/capability.h). */
    private static final int CAP_NET_ADMIN = 12;
    private static final Path TUN = Path.of("/dev/net/tun");

    private final String name;
    private final Ipv4Address kernelAddress;
    private final int prefixLength;
    private final Memory readBuffer = new Memory(MAX_FRAME);
    private final Memory writeBuffer = new Memory(MAX_FRAME);
    private final Memory pollFd = new Memory(8);
    private final Memory timeout = new Memory(16);
    private volatile int fd;

    private TapDevice(int fd, String name, Ipv4Address kernelAddress, int prefixLength) {
        this.fd = fd;
        this.name = name;
        this.kernelAddress = kernelAddress;
        this.prefixLength = prefixLength;
    }

    /**
     * Why TAP devices cannot be made here, or empty if they can: {@code /dev/net/tun}, the
     * CAP_NET_ADMIN capability, the {@code ip} command (iproute2) and the C library through JNA.
     */
    public static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("TAP devices need Linux");
        }
        if (!Files.exists(TUN)) {
            return Optional.of("/dev/net/tun does not exist (no tun module, or a container without the device)");
        }
        if (!Files.isReadable(TUN) || !Files.isWritable(TUN)) {
            return Optional.of("/dev/net/tun is not readable and writable by this user");
        }
        if (!hasNetAdmin()) {
            return Optional.of("this process lacks CAP_NET_ADMIN (run as root or grant the capability)");
        }
        if (findIp() == null) {
            return Optional.of("the ip command (iproute2) is not installed");
        }
        try {
            LinuxTun.libc();
        } catch (LinkageError e) {
            return Optional.of("JNA cannot load the C library: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Creates the device, gives the kernel's side {@code kernelAddress/prefixLength}, turns IPv6
     * off on it (so no router or neighbour solicitations join the session) and brings it up.
     *
     * @throws IOException if the device cannot be made or configured (it is removed again)
     */
    public static TapDevice create(String name, Ipv4Address kernelAddress, int prefixLength) throws IOException {
        Objects.requireNonNull(kernelAddress, "kernelAddress");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a TAP device name is 1-15 letters, digits, '_', '.' or '-', got " + name);
        }
        if (prefixLength < 1 || prefixLength > 30) {
            throw new IllegalArgumentException("the prefix length must be 1..30 (room for two hosts), got " + prefixLength);
        }
        if (Files.exists(Path.of("/sys/class/net", name))) {
            throw new IOException("a network interface named " + name + " exists already");
        }
        LinuxTun.LibC c = LinuxTun.libc();
        int fd = c.open(TUN.toString(), LinuxTun.O_RDWR | LinuxTun.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException(LinuxTun.lastError("open " + TUN));
        }
        TapDevice device = null;
        try {
            Memory ifreq = new Memory(LinuxTun.IFREQ_BYTES);
            ifreq.clear();
            byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
            ifreq.write(0, nameBytes, 0, nameBytes.length);
            ifreq.setShort(LinuxTun.IFNAMSIZ, (short) (LinuxTun.IFF_TAP | LinuxTun.IFF_NO_PI));
            if (c.ioctl(fd, new NativeLong(LinuxTun.TUNSETIFF), ifreq) < 0) {
                throw new IOException(LinuxTun.lastError("ioctl TUNSETIFF " + name));
            }
            int flags = c.fcntl(fd, LinuxTun.F_GETFL, 0);
            if (flags < 0 || c.fcntl(fd, LinuxTun.F_SETFL, flags | LinuxTun.O_NONBLOCK) < 0) {
                throw new IOException(LinuxTun.lastError("fcntl O_NONBLOCK"));
            }
            device = new TapDevice(fd, name, kernelAddress, prefixLength);
            disableIpv6(name);
            ip("address", "add", kernelAddress + "/" + prefixLength, "dev", name);
            ip("link", "set", "dev", name, "up");
            return device;
        } catch (IOException | RuntimeException e) {
            if (device != null) {
                device.close();
            } else {
                c.close(fd);
            }
            throw e;
        }
    }

    /** The interface's name in the kernel. */
    public String name() {
        return name;
    }

    /** The kernel's address on the interface. */
    public Ipv4Address kernelAddress() {
        return kernelAddress;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /**
     * Reads one frame the kernel sent into {@code frame} (at least {@link #MAX_FRAME} bytes).
     *
     * @return its length, or 0 if none is waiting
     */
    public int read(byte[] frame) throws IOException {
        long n = LinuxTun.libc().read(openFd(), readBuffer, new NativeLong(MAX_FRAME)).longValue();
        if (n < 0) {
            int errno = com.sun.jna.Native.getLastError();
            if (errno == LinuxTun.EAGAIN || errno == LinuxTun.EINTR) {
                return 0;
            }
            throw new IOException(LinuxTun.lastError("read " + name));
        }
        readBuffer.read(0, frame, 0, (int) n);
        return (int) n;
    }

    /**
     * Hands one frame to the kernel.
     *
     * @return false if the kernel refused it (the caller counts it as a drop)
     */
    public boolean write(byte[] frame, int offset, int length) {
        if (length < 14 || length > MAX_FRAME) {
            return false;
        }
        writeBuffer.write(0, frame, offset, length);
        return LinuxTun.libc().write(openFd(), writeBuffer, new NativeLong(length)).longValue() == length;
    }

    /**
     * Waits until a frame can be read or {@code timeoutNanos} passed ({@code ppoll}, nanosecond
     * resolution; the kernel's timer slack, 50 us by default, may add to it).
     *
     * @return whether a frame is waiting
     */
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        long wait = Math.max(0, timeoutNanos);
        pollFd.setInt(0, openFd());
        pollFd.setShort(4, LinuxTun.POLLIN);
        pollFd.setShort(6, (short) 0);
        timeout.setLong(0, wait / 1_000_000_000L);
        timeout.setLong(8, wait % 1_000_000_000L);
        int ready = LinuxTun.libc().ppoll(pollFd, new NativeLong(1), timeout, null);
        if (ready < 0) {
            if (com.sun.jna.Native.getLastError() == LinuxTun.EINTR) {
                return false;
            }
            throw new IOException(LinuxTun.lastError("ppoll " + name));
        }
        return ready > 0 && (pollFd.getShort(6) & LinuxTun.POLLIN) != 0;
    }

    /**
     * Asks the kernel to wake the calling thread within {@code nanos} of a timeout it asked for
     * ({@code prctl(PR_SET_TIMERSLACK)}; the default is 50 us). The wire's thread uses 1 us so
     * that a paced flow's next segment goes out near its time.
     *
     * @return whether the kernel took it
     */
    public static boolean setTimerSlack(long nanos) {
        NativeLong zero = new NativeLong(0);
        return LinuxTun.libc().prctl(LinuxTun.PR_SET_TIMERSLACK, new NativeLong(Math.max(1, nanos)), zero, zero, zero) == 0;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    /** Closes the file, which removes the (non-persistent) device and its address. Idempotent. */
    @Override
    public synchronized void close() {
        int open = fd;
        if (open >= 0) {
            fd = -1;
            LinuxTun.libc().close(open);
        }
    }

    @Override
    public String toString() {
        return "TAP " + name + " (kernel side " + kernelAddress + "/" + prefixLength + ")";
    }

    private int openFd() {
        int open = fd;
        if (open < 0) {
            throw new IllegalStateException(this + " is closed");
        }
        return open;
    }

    private static void disableIpv6(String name) {
        Path knob = Path.of("/proc/sys/net/ipv6/conf", name, "disable_ipv6");
        try {
            if (Files.exists(knob)) {
                Files.writeString(knob, "1\n");
            }
        } catch (IOException e) {
            // Not fatal: IPv6 frames reach the slow path, which counts and ignores them.
        }
    }

    private static void ip(String... arguments) throws IOException {
        String ip = findIp();
        if (ip == null) {
            throw new IOException("the ip command (iproute2) is not installed");
        }
        List<String> command = new ArrayList<>();
        command.add(ip);
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            boolean done = process.waitFor(10, TimeUnit.SECONDS);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!done || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + (done ? output : "timed out"));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String findIp() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path candidate = Path.of(dir, "ip");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static boolean hasNetAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return (caps & (1L << CAP_NET_ADMIN)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
