package dev.tenx.common.wire;

import com.google.protobuf.WireFormat;

/**
 * The records part of a body: the bytes a produce request and a fetch response both carry, so
 * that a broker can store what a producer sent and send what it stored without re-encoding.
 * Documented here and nowhere else.
 *
 * <p><b>Protobuf.</b> The records are field {@value #RECORDS_FIELD_NUMBER} of both
 * {@code ProduceRequest} and {@code FetchResponse} in {@code wire.proto}, and come after every
 * other field of the body. Each record is one length-delimited {@code LogRecord}; the records part
 * is the concatenation, and a body is its envelope fields followed by it:
 * <pre>
 *  ProduceRequest body                       FetchResponse body
 *  +-------------------------------+         +-------------------------------+
 *  | 08 producer_id (varint)       |         | 08 error_code   12 message    |
 *  | 10 base_sequence (varint)     |         | 18 base_offset  20 log_end    |
 *  +-------------------------------+ &lt;-- records part starts: same bytes --&gt; +
 *  | 7A len | LogRecord 0          |         | 7A len | LogRecord 0          |
 *  | 7A len | LogRecord 1          |         | 7A len | LogRecord 1          |
 *  | ...                           |         | ...                           |
 *  +-------------------------------+         +-------------------------------+
 *
 *  LogRecord (len bytes): 0A klen key | 12 vlen value | 18 timestamp_ms (varint)
 * </pre>
 * {@code 7A} is the tag of field 15 with wire type 2 (length-delimited): one byte, since field
 * numbers up to 15 fit a one-byte tag. Every field of a {@code LogRecord} is present exactly
 * once (explicit presence: an empty key is {@code 0A 00}); any other tag is corrupt.
 *
 * <p>A fetch response from a store that keeps whole batches (the sequential I/O stage's log)
 * also carries, in front of each batch's records, the batch's stored header as field 14
 * ({@code 72 20} and 32 bytes): the stored bytes are sent as they are, and decoders skip the
 * headers. A produce request carries none.
 *
 * <p><b>JSON.</b> The records part is the JSON array that is the value of {@code "records"},
 * the last property of both bodies:
 * <pre>
 *  {"producerId":-1,"baseSequence":-1,"records":[{"key":"aw==","value":"dg==","timestampMs":7}]}
 *                                               ^-------------- records part ---------------^
 * </pre>
 *
 * <p>Stateless.
 */
public final class RecordsDescriptor {

    /** The field number of {@code records} in both bodies. */
    public static final int RECORDS_FIELD_NUMBER = 15;
    /** The tag byte in front of each record: field 15, wire type length-delimited. */
    public static final int RECORD_TAG = tag(RECORDS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);

    /**
     * The tag of a batch header (field 14, {@code FetchResponse.batch_headers}): a store that
     * keeps whole batches sends its stored headers between the records; decoders skip them.
     */
    public static final int BATCH_HEADER_TAG = tag(14, WireFormat.WIRETYPE_LENGTH_DELIMITED);

    public static final int KEY_TAG = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    public static final int VALUE_TAG = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    public static final int TIMESTAMP_TAG = tag(3, WireFormat.WIRETYPE_VARINT);

    /** A protobuf tag: the field number above the three bits of the wire type. */
    public static int tag(int fieldNumber, int wireType) {
        return fieldNumber << WIRE_TYPE_BITS | wireType;
    }

    private static final int WIRE_TYPE_BITS = 3;

    /** The JSON property whose value is the records part; it comes last in both bodies. */
    public static final String JSON_RECORDS_PROPERTY = "records";

    private RecordsDescriptor() {}
}
