package dev.tenx.common.wire;

import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A plain-socket client that speaks the frame layout and nothing more: one request, one
 * response, no Netty. The runner reads broker counters with it, and the contract suite uses it
 * to send frames that no well-behaved producer would (hostile lengths, bad magic, garbage).
 *
 * <p>Not thread-safe: one thread uses an instance.
 */
public final class BlockingClient implements Closeable {

    /** A frame as received: header fields and the body bytes. */
    public record Received(Encoding encoding, ApiKey apiKey, int correlationId, byte[] body) {

        public <T extends Message> T decode(Class<T> type) {
            return MessageCodec.forEncoding(encoding).decode(type, Unpooled.wrappedBuffer(body));
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final MessageCodec codec;
    private int nextCorrelationId;

    public BlockingClient(InetSocketAddress address, Encoding encoding, Duration readTimeout) throws IOException {
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, (int) readTimeout.toMillis());
        socket.setSoTimeout((int) readTimeout.toMillis());
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
        this.codec = MessageCodec.forEncoding(encoding);
    }

    /** Sends {@code request} and returns the response, decoded, or throws the broker's error. */
    public <T extends Message> T call(ApiKey apiKey, Message request, Class<T> responseType) throws IOException {
        int correlationId = nextCorrelationId++;
        sendRaw(Frames.toArray(codec, apiKey, correlationId, request));
        Received response = receive();
        if (response.apiKey() == ApiKey.ERROR) {
            ErrorResponse error = response.decode(ErrorResponse.class);
            throw new ProtocolException(error.errorCode(), response.correlationId(), error.errorMessage(), null);
        }
        if (response.correlationId() != correlationId || response.apiKey() != apiKey) {
            throw new IOException("response does not match request: correlationId=" + response.correlationId()
                    + " expected=" + correlationId + ", apiKey=" + response.apiKey() + " expected=" + apiKey);
        }
        return response.decode(responseType);
    }

    public StatsResponse stats() throws IOException {
        return call(ApiKey.STATS, new StatsRequest(), StatsResponse.class);
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one whole frame; the header is trusted, so use it only against a broker. */
    public Received receive() throws IOException {
        int length = in.readInt();
        if (length < FrameDescriptor.MIN_LENGTH_FIELD_VALUE) {
            throw new IOException("broker sent frame length field=" + length);
        }
        byte magic = in.readByte();
        if (magic != FrameDescriptor.MAGIC) {
            throw new IOException("broker sent magic=" + magic);
        }
        Encoding encoding = Encoding.fromId(in.readByte());
        ApiKey apiKey = ApiKey.fromId(in.readShort());
        int correlationId = in.readInt();
        byte[] body = new byte[length - FrameDescriptor.MIN_LENGTH_FIELD_VALUE];
        in.readFully(body);
        return new Received(encoding, apiKey, correlationId, body);
    }

    /** True when the broker has closed the connection: the next read sees end of stream. */
    public boolean isClosedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true; // a reset after close is a close too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
