package dev.tenx.common.wire;

import java.io.IOException;

/** Called once per record, in order ({@link MessageCodec#forEachRecord}); the view is valid only during the call. */
@FunctionalInterface
public interface RecordVisitor {

    void visit(RecordView record) throws IOException;
}
