package dev.tenx.common.wire;

import io.netty.buffer.ByteBuf;

/**
 * Turns a {@link Message} into the body bytes of a frame and back. Implementations are
 * stateless and thread-safe. Decoding a body that is not a valid {@code type} throws
 * {@link ProtocolException} with {@link ErrorCode#CORRUPT_MESSAGE}, never anything else.
 */
public interface MessageCodec {

    Encoding encoding();

    /** A new array holding the encoded body. */
    byte[] encode(Message message);

    /**
     * Reads all readable bytes of {@code body} as one {@code type} and consumes them: on return
     * the reader index is at the writer index, whatever the encoding. Does not release it.
     */
    <T extends Message> T decode(Class<T> type, ByteBuf body);

    /**
     * At least as many bytes as one record with these key and value lengths adds to an encoded
     * {@link ProduceRequest} body, whatever its timestamp. A batching producer sizes its batches
     * with it, so that it encodes each record once, with its batch, and never twice.
     */
    int recordSizeUpperBound(int keyBytes, int valueBytes);

    /** At least the bytes of an encoded {@link ProduceRequest} body that holds no record. */
    int produceRequestOverheadUpperBound();

    static MessageCodec forEncoding(Encoding encoding) {
        return switch (encoding) {
            case JSON -> JsonCodec.INSTANCE;
            case PROTOBUF -> ProtobufCodec.INSTANCE;
        };
    }
}
