package dev.tenx.sequential;

import dev.tenx.common.broker.StoredRecords;
import java.io.IOException;

/**
 * How one fetch reads whole batches from one segment and hands them back: the seam between this
 * stage, which reads the run of batches into a heap buffer ({@link #COPY_TO_HEAP}, the
 * {@link LogReader}), and the fewer-copies stage, which only finds where the run lies and hands
 * back that file range for sendfile. Either way the run is whole batches, as stored, from the one
 * that holds {@code offset}, within {@code maxRecords} and {@code maxBytes} (the first batch
 * always), and below {@code durableEnd}.
 *
 * <p>Called on the fetching connection's event-loop thread; implementations are thread-safe.
 */
@FunctionalInterface
public interface SegmentReads {

    StoredRecords read(SegmentView segment, long offset, int maxRecords, int maxBytes, long durableEnd)
            throws IOException;

    /** This stage's: one positional read of the whole run into a new heap buffer, headers parsed from it. */
    SegmentReads COPY_TO_HEAP = (segment, offset, maxRecords, maxBytes, durableEnd) ->
            new LogReader(segment, durableEnd).read(offset, maxRecords, maxBytes);
}
