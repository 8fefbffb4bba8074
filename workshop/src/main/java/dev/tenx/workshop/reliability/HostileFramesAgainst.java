package dev.tenx.workshop.reliability;

import dev.tenx.common.config.HostPort;
import dev.tenx.common.wire.Encoding;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/**
 * The hostile-frame generator against a broker already running anywhere, any build of it, until
 * its first silent close or hang: how the generator is judged by what it finds. Run against a
 * broker built from the commit before issue 14's fix, it must find the {@code null} bodies by
 * itself; workshop/README.md says how, and how many frames it took.
 * {@code HostileFramesAgainst <host:port> <JSON|PROTOBUF> <socket.request.max.bytes> <max frames> [seed]}.
 */
public final class HostileFramesAgainst {

    private static final long DEFAULT_SEED = 20_261_202L;

    private HostileFramesAgainst() {}

    public static void main(String[] args) throws Exception {
        InetSocketAddress unresolved = HostPort.parse("broker", args[0]);
        InetSocketAddress broker = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        FrameGenerator generator = new FrameGenerator(Encoding.valueOf(args[1]), Integer.parseInt(args[2]),
                args.length > 4 ? Long.parseLong(args[4]) : DEFAULT_SEED);
        int maxFrames = Integer.parseInt(args[3]);
        Deque<Socket> heldOpen = new ArrayDeque<>();
        for (int i = 0; i < maxFrames; i++) {
            FrameGenerator.Case c = generator.next(i);
            String outcome = HostileFrames.deliver(broker, c, heldOpen);
            if (outcome.startsWith("silent close") || outcome.startsWith("hang")) {
                System.out.println("found after " + (i + 1) + " frames: " + c.layer() + ": " + outcome + "; frame "
                        + HexFormat.of().formatHex(c.bytes()) + " (" + new String(c.bytes(), 12, c.bytes().length - 12,
                        java.nio.charset.StandardCharsets.UTF_8) + ")");
                return;
            }
        }
        System.out.println("nothing found in " + maxFrames + " frames");
    }
}
