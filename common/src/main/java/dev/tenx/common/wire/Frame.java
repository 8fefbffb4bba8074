package dev.tenx.common.wire;

import io.netty.buffer.ByteBuf;

/**
 * One frame as {@link FrameDecoder} cut it from the stream: the header fields as raw ids (an
 * unknown api key or encoding is the receiver's to reject, with the correlation id in hand)
 * and the body. The body is a retained slice of the decoder's buffer: the handler that receives
 * the frame owns it, on that channel's event-loop thread, and must {@link #release()} it once,
 * or hand the frame on together with that duty.
 */
public record Frame(byte encodingId, short apiKeyId, int correlationId, ByteBuf body) {

    /** The encoding, or {@code null} when the id is unknown. */
    public Encoding encoding() {
        return Encoding.fromId(encodingId);
    }

    /** The api key, or {@code null} when the id is unknown. */
    public ApiKey apiKey() {
        return ApiKey.fromId(apiKeyId);
    }

    public void release() {
        body.release();
    }
}
