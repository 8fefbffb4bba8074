package dev.tenx.common.wire;

/**
 * What a frame asks for: the {@code Api key} field of {@link FrameDescriptor}. A response carries
 * the api key of its request, except {@link #ERROR}, which answers any request that cannot get
 * its own response type.
 */
public enum ApiKey {
    PRODUCE(0, ProduceRequest.class, ProduceResponse.class),
    FETCH(1, FetchRequest.class, FetchResponse.class),
    STATS(2, StatsRequest.class, StatsResponse.class),
    /** Response only: a protocol fault. The broker closes the connection after sending it. */
    ERROR(3, null, ErrorResponse.class);

    /** values() clones its array on every call; a lookup per request should not. */
    private static final ApiKey[] VALUES = values();

    private final short id;
    private final Class<? extends Message> requestType;
    private final Class<? extends Message> responseType;

    ApiKey(int id, Class<? extends Message> requestType, Class<? extends Message> responseType) {
        this.id = (short) id;
        this.requestType = requestType;
        this.responseType = responseType;
    }

    public short id() {
        return id;
    }

    /** The request body type, or {@code null} for {@link #ERROR}, which is never a request. */
    public Class<? extends Message> requestType() {
        return requestType;
    }

    public Class<? extends Message> responseType() {
        return responseType;
    }

    /** The api key with this id, or {@code null} when there is none. */
    public static ApiKey fromId(short id) {
        for (ApiKey k : VALUES) {
            if (k.id == id) {
                return k;
            }
        }
        return null;
    }
}
