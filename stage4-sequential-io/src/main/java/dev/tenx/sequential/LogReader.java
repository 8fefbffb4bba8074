package dev.tenx.sequential;

import dev.tenx.common.broker.StoredRecords;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One fetch from one segment: whole batches, as stored, from the batch that holds the requested
 * offset. A batch is never cut: its first records may lie before the offset asked for, and the
 * consumer skips them (Kafka's rule too), so that what is sent is a run of stored bytes, headers
 * and all, which the fewer-copies stage can hand to {@code sendfile} unchanged. This stage's
 * {@link SegmentReads}: the run is read into a new heap buffer.
 *
 * <p>Used by one fetch on its event-loop thread; reads the segment by position only.
 */
final class LogReader {

    private final SegmentView segment;
    private final long durableEnd;

    LogReader(SegmentView segment, long durableEnd) {
        this.segment = segment;
        this.durableEnd = durableEnd;
    }

    /**
     * Batches from the one holding {@code offset}: at least that one, then more while they stay
     * within {@code maxBytes}, below {@code maxRecords} records before them, and durable.
     */
    StoredRecords read(long offset, int maxRecords, int maxBytes) throws IOException {
        long limit = segment.size();
        long start = segment.floorPosition(offset);
        BatchDescriptor.Header first = segment.readHeader(start);
        while (first.nextOffset() <= offset) {
            start += first.length();
            if (start >= limit) {
                throw new IOException("offset=" + offset + " is not in " + segment.file() + " below position=" + limit);
            }
            first = segment.readHeader(start);
        }
        // one read for the whole range: the batches' headers are parsed from it, not read one by one
        int chunk = (int) Math.min(limit - start, Math.max(maxBytes, first.length()));
        ByteBuffer data = segment.read(start, chunk);
        int end = 0;
        int records = 0;
        while (end + BatchDescriptor.HEADER_LENGTH <= chunk) {
            BatchDescriptor.Header h = BatchDescriptor.Header.read(data, end);
            if (end + h.length() > chunk || h.nextOffset() > durableEnd || (records > 0 && records >= maxRecords)) {
                break;
            }
            records += h.recordCount();
            end += (int) h.length();
        }
        return new StoredRecords(first.baseOffset(), records, Unpooled.wrappedBuffer(data.limit(end)));
    }
}
