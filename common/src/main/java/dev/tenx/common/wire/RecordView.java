package dev.tenx.common.wire;

import java.nio.ByteBuffer;

/**
 * One record's fields, read where they lie: a {@link LogRecord}'s arrays, the bytes of a request
 * the broker received ({@link MessageCodec#forEachRecord}), or those of a fetch answer a consumer
 * received ({@link dev.tenx.common.spi.RecordHandler}). A store that lays records out its own way
 * copies the key and value from here into its own buffer, so that no record object is built
 * between the socket and the file; an application copies what it keeps.
 *
 * <p>A view handed to a {@link RecordVisitor} or a {@link dev.tenx.common.spi.RecordHandler} is
 * valid only during that call: a codec may reuse one view for every record of a batch (a
 * flyweight). Not thread-safe.
 */
public interface RecordView {

    long timestampMs();

    int keyLength();

    int valueLength();

    /** Copies the key into {@code dst} at its position, and advances it. */
    void copyKeyTo(ByteBuffer dst);

    /** Copies the value into {@code dst} at its position, and advances it. */
    void copyValueTo(ByteBuffer dst);
}
