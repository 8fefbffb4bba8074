package dev.tenx.common.wire;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.util.List;

/**
 * What makes a parsed protobuf message as strict as {@link JsonCodec}'s data binding: every
 * field of {@code wire.proto} present, and nothing else. protoc's parser alone accepts a body that
 * lacks a field (the getter then returns 0 or empty, a value nobody sent), and it keeps a field it
 * does not know, or a known field number with the wrong wire type, aside as an unknown field.
 * {@link ProtobufCodec} checks each message it parses, and each {@code LogRecord} in it, here.
 *
 * <p>Presence is read with the generated {@code hasX()} methods, each a test of one bit, so that
 * checking every record of a batch stays cheap; the descriptor's reflection is used only to name
 * what is missing. Not checked: the inside of one entry of {@code StatsResponse.counters}, which
 * protoc's map parser reads on its own, dropping an unknown field and reading a missing key or
 * value as empty or 0. Only a client decodes a {@code StatsResponse}.
 *
 * <p>Stateless and thread-safe.
 */
final class StrictProto {

    private StrictProto() {}

    static dev.tenx.common.wire.proto.ProduceRequest check(dev.tenx.common.wire.proto.ProduceRequest m)
            throws InvalidProtocolBufferException {
        require(m, m.hasProducerId() && m.hasBaseSequence());
        checkRecords(m.getRecordsList());
        return m;
    }

    static dev.tenx.common.wire.proto.ProduceResponse check(dev.tenx.common.wire.proto.ProduceResponse m)
            throws InvalidProtocolBufferException {
        require(m, m.hasErrorCode() && m.hasErrorMessage() && m.hasBaseOffset());
        return m;
    }

    static dev.tenx.common.wire.proto.FetchRequest check(dev.tenx.common.wire.proto.FetchRequest m)
            throws InvalidProtocolBufferException {
        require(m, m.hasOffset() && m.hasMaxRecords() && m.hasMaxBytes());
        return m;
    }

    static dev.tenx.common.wire.proto.FetchResponse check(dev.tenx.common.wire.proto.FetchResponse m)
            throws InvalidProtocolBufferException {
        require(m, m.hasErrorCode() && m.hasErrorMessage() && m.hasBaseOffset() && m.hasLogEndOffset());
        checkRecords(m.getRecordsList());
        return m;
    }

    static dev.tenx.common.wire.proto.StatsRequest check(dev.tenx.common.wire.proto.StatsRequest m)
            throws InvalidProtocolBufferException {
        require(m, true);
        return m;
    }

    /** A map has no presence: an empty {@code counters} and an absent one are the same bytes. */
    static dev.tenx.common.wire.proto.StatsResponse check(dev.tenx.common.wire.proto.StatsResponse m)
            throws InvalidProtocolBufferException {
        require(m, true);
        return m;
    }

    static dev.tenx.common.wire.proto.ErrorResponse check(dev.tenx.common.wire.proto.ErrorResponse m)
            throws InvalidProtocolBufferException {
        require(m, m.hasErrorCode() && m.hasErrorMessage());
        return m;
    }

    static dev.tenx.common.wire.proto.LogRecord check(dev.tenx.common.wire.proto.LogRecord r)
            throws InvalidProtocolBufferException {
        require(r, r.hasKey() && r.hasValue() && r.hasTimestampMs());
        return r;
    }

    private static void checkRecords(List<dev.tenx.common.wire.proto.LogRecord> records)
            throws InvalidProtocolBufferException {
        for (int i = 0; i < records.size(); i++) {
            try {
                check(records.get(i));
            } catch (InvalidProtocolBufferException e) {
                throw new InvalidProtocolBufferException("records[" + i + "]: " + e.getMessage());
            }
        }
    }

    /** {@code everyFieldPresent} is the caller's {@code hasX()} of each field, and-ed together. */
    private static void require(com.google.protobuf.Message m, boolean everyFieldPresent)
            throws InvalidProtocolBufferException {
        // unknown first: a known field sent with the wrong wire type is also missing, and the wire type is the news
        UnknownFieldSet unknown = m.getUnknownFields();
        if (!unknown.isEmpty()) {
            throw new InvalidProtocolBufferException("fields not in wire.proto, or with the wrong wire type: message="
                    + name(m) + ", field numbers=" + unknown.asMap().keySet());
        }
        if (!everyFieldPresent) {
            throw new InvalidProtocolBufferException("missing fields: message=" + name(m)
                    + ", fields=" + missingFields(m));
        }
    }

    private static List<String> missingFields(com.google.protobuf.Message m) {
        return m.getDescriptorForType().getFields().stream()
                .filter(f -> f.hasPresence() && !m.hasField(f))
                .map(FieldDescriptor::getName)
                .toList();
    }

    private static String name(com.google.protobuf.Message m) {
        return m.getDescriptorForType().getName();
    }
}
