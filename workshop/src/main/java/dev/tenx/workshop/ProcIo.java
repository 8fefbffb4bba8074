package dev.tenx.workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One reading of {@code /proc/<pid>/io}: the kernel's per-process I/O accounting, summed over
 * all of the process's threads. {@code syscr}/{@code syscw} count read-family and write-family
 * system calls that go through the VFS (read, readv, pread64, preadv, write, writev, pwrite64,
 * pwritev, and sendfile/copy_file_range as one of each); {@code rchar}/{@code wchar} the bytes
 * those calls moved, sockets and page-cache hits included. Not counted: send/recv-family socket
 * calls (sendto, sendmsg, recvfrom, recvmsg), fsync/fdatasync, epoll_wait, futex, mmap'd access.
 * See the workshop README for how this was checked.
 *
 * <p>Linux only. Where the kernel has no {@code /proc/self/io} (macOS, Windows, a Linux without
 * /proc mounted), every reading is {@link #UNAVAILABLE}, and the figures made from it are
 * printed as n/a: the rest of a run is still worth having. On Linux a reading that fails (the
 * process gone, no permission) fails the run, as any lost measurement does.
 *
 * <p>Immutable.
 *
 * @param available false for {@link #UNAVAILABLE}, whose counts mean nothing
 */
public record ProcIo(long rchar, long wchar, long syscr, long syscw, boolean available) {

    public static final ProcIo UNAVAILABLE = new ProcIo(0, 0, 0, 0, false);
    private static final Path SELF = Path.of("/proc/self/io");
    private static final boolean ON_THIS_SYSTEM = Files.isReadable(SELF);

    /** A reading of these counts. */
    public ProcIo(long rchar, long wchar, long syscr, long syscw) {
        this(rchar, wchar, syscr, syscw, true);
    }

    /** Whether this system has {@code /proc/<pid>/io}. */
    public static boolean onThisSystem() {
        return ON_THIS_SYSTEM;
    }

    public static ProcIo ofPid(long pid) {
        return ON_THIS_SYSTEM ? read(Path.of("/proc", Long.toString(pid), "io")) : UNAVAILABLE;
    }

    public static ProcIo ofSelf() {
        return ON_THIS_SYSTEM ? read(SELF) : UNAVAILABLE;
    }

    static ProcIo read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (Linux only; needs the same user as the process)", e);
        }
    }

    /** Parses the {@code name: value} lines of {@code /proc/<pid>/io}; fails on a missing field. */
    public static ProcIo parse(String text) {
        Map<String, Long> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).trim(), Long.parseLong(line.substring(colon + 1).trim()));
            }
        }
        return new ProcIo(field(fields, "rchar"), field(fields, "wchar"), field(fields, "syscr"), field(fields, "syscw"));
    }

    private static long field(Map<String, Long> fields, String name) {
        Long value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("/proc/<pid>/io has no field " + name);
        }
        return value;
    }

    /** What happened between {@code earlier} and this reading; unavailable if either is. */
    public ProcIo minus(ProcIo earlier) {
        if (!available || !earlier.available) {
            return UNAVAILABLE;
        }
        return new ProcIo(rchar - earlier.rchar, wchar - earlier.wchar, syscr - earlier.syscr, syscw - earlier.syscw);
    }

    public long syscalls() {
        return syscr + syscw;
    }
}
