package io.nicplan.flexnic.wire;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The C library calls a TAP device needs, through JNA, and the Linux constants they take
 * ({@code linux/if_tun.h}, {@code asm-generic/fcntl.h}, {@code asm-generic/errno-base.h},
 * {@code poll.h}). Errors are read with {@link Native#getLastError()}.
 */
final class LinuxTun {

    /** {@code _IOW('T', 202, int)}: attach the open file to a TUN/TAP device (creating it). */
    static final long TUNSETIFF = 0x400454caL;
    /** Ethernet frames, not IP packets. */
    static final short IFF_TAP = 0x0002;
    /** No 4-byte packet-information header before each frame. */
    static final short IFF_NO_PI = 0x1000;
    /** {@code struct ifreq}: a 16-byte name, then a union whose first member is the short flags. */
    static final int IFREQ_BYTES = 40;
    static final int IFNAMSIZ = 16;

    static final int O_RDWR = 02;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final short POLLIN = 0x0001;
    /** {@code prctl} option (linux/prctl.h): the calling thread's timer slack in nanoseconds. */
    static final int PR_SET_TIMERSLACK = 29;

    interface LibC extends Library {
        int open(String path, int flags);

        int ioctl(int fd, NativeLong request, Pointer argument);

        int fcntl(int fd, int command, int argument);

        NativeLong read(int fd, Pointer buffer, NativeLong count);

        NativeLong write(int fd, Pointer buffer, NativeLong count);

        /** {@code ppoll}: poll with a nanosecond timeout ({@code struct timespec}). */
        int ppoll(Pointer fds, NativeLong count, Pointer timeout, Pointer signalMask);

        int close(int fd);

        int prctl(int option, NativeLong arg2, NativeLong arg3, NativeLong arg4, NativeLong arg5);

        String strerror(int errno);
    }

    private static volatile LibC libc;

    private LinuxTun() {
    }

    /** The C library, loaded on first use. */
    static LibC libc() {
        LibC loaded = libc;
        if (loaded == null) {
            synchronized (LinuxTun.class) {
                if (libc == null) {
                    libc = Native.load("c", LibC.class);
                }
                loaded = libc;
            }
        }
        return loaded;
    }

    /** The last call's errno as "name: text". */
    static String lastError(String call) {
        int errno = Native.getLastError();
        return call + ": " + libc().strerror(errno) + " (errno " + errno + ")";
    }
}
