package dev.tenx.common.broker;

import dev.tenx.common.wire.ApiKey;

/**
 * A user event the request handler fires from the head of its connection's pipeline once it has
 * handed a request's response to the socket (or dropped it, the connection having faulted): what
 * lets an {@link Admission} count a request's bytes out as it counted its frame in. Handlers that
 * do not know it pass it on, as Netty's do. Immutable.
 *
 * @param requestFrameBytes the whole request frame, header included, as it arrived
 */
public record RequestAnswered(ApiKey apiKey, int requestFrameBytes) {
}
