package dev.tenx.common.wire;

/**
 * One logical message of {@code wire.proto}, as a Java value. {@link JsonCodec} and
 * {@link ProtobufCodec} are its two encodings; a frame ({@link FrameDescriptor}) carries one.
 * Instances are immutable once built; byte arrays handed to them are owned by them.
 */
public sealed interface Message
        permits ProduceRequest, ProduceResponse, FetchRequest, FetchResponse,
                StatsRequest, StatsResponse, ErrorResponse {
}
