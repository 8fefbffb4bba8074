package dev.tenx.batching;

import io.netty.buffer.ByteBuf;

/**
 * The records of one batch, kept the way a stage keeps them until the batch is sent: the seam
 * between this stage, which keeps each record as an object and encodes the whole batch when it is
 * sent ({@link LogRecordList}), and the binary-encoding stage, which encodes each record once, in
 * {@code send()}, into the batch's own buffer, whose bytes are then the request's records.
 *
 * <p>Thread-safety: none of its own. {@code send()} callers fill it under the
 * {@link RecordAccumulator}'s lock while its batch is open; once the batch is drained, only the
 * producer's I/O thread reads it.
 */
public interface BatchRecords {

    /** Adds one record after the others; the arrays are handed over and must not change afterwards. */
    void append(byte[] key, byte[] value, long timestampMs);

    /**
     * The body of a produce request carrying these records, in order, under {@code producerId}
     * and {@code baseSequence}. The caller releases it once it is copied into a frame; a retry
     * asks again, and gets the same bytes for the same ids.
     */
    ByteBuf requestBody(long producerId, int baseSequence);

    /** An empty one for each new batch: a part the producer is built with. */
    @FunctionalInterface
    interface Factory {

        /**
         * @param capacityBytes what the batch may hold at most, in the codec's upper bound of
         *                      encoded bytes ({@code batch.size}, or its one larger record)
         */
        BatchRecords create(int capacityBytes);
    }
}
