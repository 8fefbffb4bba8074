package dev.tenx.common.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A range of the log as a fetch returns it: the offset of its first record, how many records it
 * holds, and their bytes in the broker's records layout ({@link dev.tenx.common.wire.MessageCodec}),
 * ready to be sent behind a fetch response's envelope. Whoever holds it owns {@link #records()}
 * and releases it once, by sending it or by {@link #release()}.
 */
public record StoredRecords(long baseOffset, int recordCount, ByteBuf records) {

    /** Nothing at {@code offset}: the fetch reached the durable end. */
    public static StoredRecords empty(long offset) {
        return new StoredRecords(offset, 0, Unpooled.EMPTY_BUFFER);
    }

    public void release() {
        records.release();
    }
}
