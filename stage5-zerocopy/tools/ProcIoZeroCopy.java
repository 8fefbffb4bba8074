import java.net.*;
import java.nio.*;
import java.nio.channels.*;
import java.nio.file.*;
import java.util.*;

/** How /proc/self/io counts FileChannel.transferTo (sendfile) and a gathering write (writev) to a socket. */
public class ProcIoZeroCopy {
    static Map<String, Long> io() throws Exception {
        Map<String, Long> m = new HashMap<>();
        for (String l : Files.readAllLines(Path.of("/proc/self/io"))) {
            String[] kv = l.split(":");
            m.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
        }
        return m;
    }
    static void print(String label, Map<String, Long> a, Map<String, Long> b) {
        System.out.printf("%-44s syscr=%6d syscw=%6d rchar=%9d wchar=%9d%n", label,
            b.get("syscr") - a.get("syscr"), b.get("syscw") - a.get("syscw"),
            b.get("rchar") - a.get("rchar"), b.get("wchar") - a.get("wchar"));
    }
    public static void main(String[] args) throws Exception {
        int n = 1000, size = 4096;
        Path f = Files.createTempFile("stage5-zerocopy-procio", ".log");
        try (FileChannel file = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
             ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            file.write(ByteBuffer.allocate(size), 0);
            SocketChannel out = SocketChannel.open(server.getLocalAddress());
            SocketChannel in = server.accept();
            Thread drain = new Thread(() -> { ByteBuffer b = ByteBuffer.allocateDirect(1 << 20); try { while (in.read(b.clear()) >= 0) {} } catch (Exception e) {} });
            drain.start(); // another thread, same process: its reads count too, so they are measured apart below
            Thread.sleep(200);
            // a baseline: reading /proc/self/io itself
            Map<String, Long> a = io(); Map<String, Long> b = io(); print("(two reads of /proc/self/io, nothing else)", a, b);
            ByteBuffer direct = ByteBuffer.allocateDirect(size);
            a = io();
            for (int i = 0; i < n; i++) { long d = 0; while (d < size) d += file.transferTo(d, size - d, out); }
            b = io(); print("transferTo x" + n + " (+ drain thread reads)", a, b);
            ByteBuffer h = ByteBuffer.allocateDirect(12), body = ByteBuffer.allocateDirect(size);
            a = io();
            for (int i = 0; i < n; i++) { h.clear(); body.clear(); ByteBuffer[] v = {h, body}; while (body.hasRemaining()) out.write(v); }
            b = io(); print("gathering write(ByteBuffer[]) x" + n + " (+ drain)", a, b);
            a = io();
            for (int i = 0; i < n; i++) { direct.clear(); while (direct.hasRemaining()) out.write(direct); }
            b = io(); print("write(ByteBuffer) x" + n + " (+ drain)", a, b);
            out.close(); drain.join();
        } finally { Files.deleteIfExists(f); }
    }
}
