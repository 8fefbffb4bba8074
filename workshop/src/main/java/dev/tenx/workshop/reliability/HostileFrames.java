package dev.tenx.workshop.reliability;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.process.BrokerProcess;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.FrameDescriptor;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hostile frames against the stage's broker in a JVM of its own (so that a crash is a death, and
 * its memory is its own), each from {@link FrameGenerator} on a connection of its own, while a
 * well-behaved producer writes on another. A frame the broker owes an answer must get one within
 * {@link #ANSWER_TIMEOUT}: a response (it decoded: stored or refused), or an ERROR frame and then
 * the close; a close with no ERROR frame for a whole frame is a silent close (the broker hit an
 * unexpected fault: issue 14's {@code null} bodies did this), no answer at all is a hang. At the
 * end: the broker alive, its resident memory bounded, the bystander's acknowledgements still
 * coming in the second half, and every one of them in the log, byte-exact at its offset.
 *
 * <p>Used by one thread.
 */
final class HostileFrames {

    record Result(int frames, Map<String, Integer> outcomes, int silentCloses, int hangs, int brokerDeaths,
                  int bystanderAcked, boolean bystanderKeptGoing, int lost, long peakRssKb, String firstProblem) {
        boolean clean() {
            return silentCloses == 0 && hangs == 0 && brokerDeaths == 0 && lost == 0 && bystanderKeptGoing
                    && firstProblem.isEmpty();
        }
    }

    private static final List<String> BROKER_JVM_ARGS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_HELD_OPEN = 32;
    private static final int SAMPLE_EVERY_FRAMES = 250;
    private static final int REQUEST_TIMEOUT_MS = 30_000;
    private static final int BYSTANDER_WINDOW = 20;

    private final Stage stage;
    private final ReliabilityConfig config;
    private final Path workDir;
    private final List<String> brokerClasspathFirst;

    HostileFrames(Stage stage, ReliabilityConfig config, Path workDir) {
        this(stage, config, workDir, List.of());
    }

    HostileFrames(Stage stage, ReliabilityConfig config, Path workDir, List<String> brokerClasspathFirst) {
        this.stage = stage;
        this.config = config;
        this.workDir = workDir;
        this.brokerClasspathFirst = brokerClasspathFirst;
    }

    Result run() throws IOException, InterruptedException {
        Path logDir = Files.createDirectories(workDir.resolve("hostile-log"));
        int maxFrameBytes = (Integer) stage.brokerConfig().keys().get(BrokerConfig.SOCKET_REQUEST_MAX_BYTES).defaultValue();
        FrameGenerator generator = new FrameGenerator(stage.encoding(), maxFrameBytes,
                config.getLong(ReliabilityConfig.SEED) ^ stage.number());
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        Deque<Socket> heldOpen = new ArrayDeque<>();
        Ledger ledger = new Ledger();
        int frames = config.getInt(ReliabilityConfig.HOSTILE_FRAMES);
        int silent = 0;
        int hangs = 0;
        int deaths = 0;
        long peakRssKb = 0;
        int ackedAtHalf = 0;
        String problem = "";
        try (BrokerProcess broker = BrokerProcess.start(stage, Map.of(BrokerConfig.LOG_DIR, logDir.toString(),
                BrokerConfig.LISTENERS, "127.0.0.1:0"), BROKER_JVM_ARGS, workDir.resolve("hostile-broker.log"))) {
            WindowedProducers bystander = new WindowedProducers(stage, broker.address(), "bystander", 1,
                    BYSTANDER_WINDOW, REQUEST_TIMEOUT_MS, ledger).start();
            for (int i = 0; i < frames; i++) {
                FrameGenerator.Case c = generator.next(i);
                String outcome = deliver(broker.address(), c, heldOpen);
                outcomes.merge(c.layer() + ": " + outcome, 1, Integer::sum);
                if (outcome.startsWith("silent close") || outcome.startsWith("hang")) {
                    silent += outcome.startsWith("silent") ? 1 : 0;
                    hangs += outcome.startsWith("hang") ? 1 : 0;
                    if (problem.isEmpty()) {
                        problem = "frame " + i + " (" + c.layer() + ", " + java.util.HexFormat.of().formatHex(c.bytes(),
                                0, Math.min(c.bytes().length, 64)) + "): " + outcome;
                    }
                }
                if (i % SAMPLE_EVERY_FRAMES == 0 || i == frames - 1) {
                    peakRssKb = Math.max(peakRssKb, residentKb(broker.pid()));
                    if (!broker.isAlive()) {
                        deaths++;
                        problem = problem.isEmpty() ? "the broker died after frame " + i : problem;
                        break;
                    }
                }
                if (i == frames / 2) {
                    ackedAtHalf = ledger.acknowledgedCount();
                }
            }
            heldOpen.forEach(HostileFrames::closeQuietly);
            boolean ended = bystander.stopAndAwait(ANSWER_TIMEOUT.multipliedBy(3));
            if (!ended) {
                hangs++;
                problem = problem.isEmpty() ? "the bystander's sends neither completed nor failed" : problem;
            }
            if (bystander.firstFailure() != null && problem.isEmpty()) {
                problem = "the bystander's send failed: " + bystander.firstFailure();
            }
            boolean keptGoing = ledger.acknowledgedCount() > ackedAtHalf;
            List<ConsumedRecord> log = deaths > 0 ? List.of() : LogReadBack.readAll(stage, broker.address());
            Ledger.Check check = ledger.check(log);
            int lost = check.lost() + check.corrupt();
            if (lost > 0 && problem.isEmpty()) {
                problem = check.firstProblem();
            }
            return new Result(frames, outcomes, silent, hangs, deaths, ledger.acknowledgedCount(), keptGoing, lost,
                    peakRssKb, problem);
        }
    }

    /** Writes one case and says what the broker did. */
    static String deliver(InetSocketAddress broker, FrameGenerator.Case c, Deque<Socket> heldOpen)
            throws IOException {
        Socket socket = new Socket();
        socket.connect(broker, (int) CONNECT_TIMEOUT.toMillis());
        try {
            socket.getOutputStream().write(c.bytes());
            socket.getOutputStream().flush();
        } catch (IOException closedWhileWriting) {
            closeQuietly(socket);
            return "closed while written";
        }
        switch (c.delivery()) {
            case RESET -> {
                socket.setSoLinger(true, 0); // close sends RST: an abrupt reset
                socket.close();
                return "reset by the client";
            }
            case HOLD_OPEN -> {
                heldOpen.add(socket);
                if (heldOpen.size() > MAX_HELD_OPEN) {
                    closeQuietly(heldOpen.poll());
                }
                return "held open";
            }
            default -> {
                try (socket) {
                    return answer(socket);
                }
            }
        }
    }

    /** Reads the first answer: a response, an ERROR then the close, a silent close, or nothing (a hang). */
    private static String answer(Socket socket) throws IOException {
        socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
        DataInputStream in = new DataInputStream(socket.getInputStream());
        try {
            int length = in.readInt();
            byte[] rest = new byte[length];
            in.readFully(rest);
            short apiKey = java.nio.ByteBuffer.wrap(rest).getShort(FrameDescriptor.API_KEY_OFFSET
                    - FrameDescriptor.LENGTH_FIELD_LENGTH);
            if (apiKey != ApiKey.ERROR.id()) {
                return "answered";
            }
            return endOfStream(in) ? "error frame, then closed" : "hang: an error frame, but the connection stayed open";
        } catch (EOFException e) {
            return "silent close: closed with no error frame";
        } catch (SocketTimeoutException e) {
            return "hang: no answer within " + ANSWER_TIMEOUT.toSeconds() + " s";
        } catch (IOException e) {
            return "reset by the broker"; // its close found our unread bytes and reset: a closed connection
        }
    }

    private static boolean endOfStream(InputStream in) throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** The broker's resident set from /proc (Linux); 0 where there is none. */
    private static long residentKb(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException notLinuxOrGone) {
            // no /proc: the column reads n/a
        }
        return 0;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // it is going away either way
        }
    }
}
