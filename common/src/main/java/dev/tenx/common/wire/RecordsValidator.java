package dev.tenx.common.wire;

import io.netty.buffer.ByteBuf;

/**
 * The broker's check of a produce request's records part ({@link RecordsDescriptor}) where it
 * lies: every record's tags, wire types and lengths, within the frame, with nothing built and
 * nothing copied, so that the bytes that arrived can be stored as they are. The binary-encoding
 * stage's check (protobuf's, {@link ProtobufCodec}); on its own so that it can be tested, and
 * rewritten as a workshop exercise, apart from the envelope around it.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface RecordsValidator {

    /**
     * Checks every record from {@code records}' reader index to its writer index, and returns how
     * many there are. Moves none of its indexes; does not release it.
     *
     * @throws ProtocolException with {@link ErrorCode#CORRUPT_MESSAGE} at the first fault
     */
    int validateRecords(ByteBuf records);
}
