package dev.tenx.pipeline;

import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plain socket server that accepts one connection and plays a script on it, on its own
 * thread: a broker that misbehaves, or behaves exactly as a test needs, speaking the frame
 * format of {@link FrameDescriptor}. The connection closes when the script returns.
 */
final class ScriptedServer implements AutoCloseable {

    private static final long CLOSE_WAIT_S = 10;

    /** What the server does with its one connection. */
    @FunctionalInterface
    interface Script {
        void run(DataInputStream in, OutputStream out) throws Exception;
    }

    /** One request frame as the server read it. */
    record RequestFrame(ApiKey apiKey, int correlationId, byte[] body) {

        <T extends Message> T decode(MessageCodec codec, Class<T> type) {
            return codec.decode(type, Unpooled.wrappedBuffer(body));
        }
    }

    private final ServerSocket socket;
    private final Thread thread;
    private final CompletableFuture<Void> scriptEnded = new CompletableFuture<>();

    ScriptedServer(Script script) throws IOException {
        this.socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.thread = new Thread(() -> serve(script), "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(Script script) {
        try (Socket connection = socket.accept()) {
            script.run(new DataInputStream(new BufferedInputStream(connection.getInputStream())),
                    connection.getOutputStream());
            scriptEnded.complete(null);
        } catch (Exception e) {
            // the test sees what the client saw; a script ended by the client's close is no failure,
            // unless the test asks how the script ended
            scriptEnded.completeExceptionally(e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Completes when the script returns; fails with what it threw. */
    CompletableFuture<Void> scriptEnded() {
        return scriptEnded;
    }

    /**
     * Closes the socket and waits for the script's thread. An interrupt while waiting is kept on
     * this thread, not thrown: try-with-resources may close a resource from anywhere.
     */
    @Override
    public void close() throws IOException {
        socket.close();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_S));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one request frame. */
    static RequestFrame readFrame(DataInputStream in) throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        ByteBuffer header = ByteBuffer.wrap(frame);
        int afterLength = FrameDescriptor.LENGTH_FIELD_LENGTH; // offsets count from the frame start, Length included
        ApiKey apiKey = ApiKey.fromId(header.getShort(FrameDescriptor.API_KEY_OFFSET - afterLength));
        int correlationId = header.getInt(FrameDescriptor.CORRELATION_ID_OFFSET - afterLength);
        byte[] body = new byte[frame.length - (FrameDescriptor.BODY_OFFSET - afterLength)];
        System.arraycopy(frame, FrameDescriptor.BODY_OFFSET - afterLength, body, 0, body.length);
        return new RequestFrame(apiKey, correlationId, body);
    }
}
