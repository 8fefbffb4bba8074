package dev.tenx.common.spi;

import dev.tenx.common.wire.RecordView;

/**
 * What an application does with each record one {@link Consumer#poll(RecordHandler)} reads, in
 * offset order. The view is valid only during the call: a consumer that reads records where they
 * arrived hands over a flyweight over its fetch buffer and gives the buffer back when the poll
 * returns. A handler copies what it keeps ({@link RecordView#copyValueTo},
 * {@link dev.tenx.common.wire.LogRecord#copyOf}); the lengths and the timestamp cost no copy.
 * Called on the polling thread.
 */
@FunctionalInterface
public interface RecordHandler {

    void onRecord(long offset, RecordView record);
}
