package dev.tenx.common.wire;

/** How a frame's body is encoded: the {@code Encoding} byte of {@link FrameDescriptor}. */
public enum Encoding {
    /** Text, via Jackson: what stage 0 speaks, and what the article's "before" picture uses. */
    JSON(0),
    /** Binary, via protoc-generated classes from {@code wire.proto}. */
    PROTOBUF(1);

    private final byte id;

    Encoding(int id) {
        this.id = (byte) id;
    }

    public byte id() {
        return id;
    }

    /** values() clones its array on every call; a lookup per frame should not. */
    private static final Encoding[] VALUES = values();

    /** The encoding with this id, or {@code null} when there is none. */
    public static Encoding fromId(byte id) {
        for (Encoding e : VALUES) {
            if (e.id == id) {
                return e;
            }
        }
        return null;
    }
}
