package dev.tenx.workshop.profile;

/**
 * Where a sampled thread was: the fixed costs the article names, each of which one stage's
 * technique targets, plus waiting and the rest. {@link StackClassifier} decides a sample's
 * category from its frames; GC comes from the JVM's pause events, not from stacks (the sampler
 * takes no sample while the JVM is stopped for a collection).
 */
public enum Category {
    /** Jackson, protobuf and the project's codecs: what a binary encoding decoded at the edge (stage 3) shrinks. */
    ENCODE_DECODE("encode/decode"),
    /** Array and buffer copies outside a codec: what fewer copies (stage 5) shrinks. */
    COPYING("copying"),
    /** Socket reads, writes and sendfile: what batching shrinks per record (one call for many records). */
    NETWORK_IO("network I/O"),
    /** File reads and writes (the store, the log, replay's reads): what an append-only log (stage 4) makes sequential and fewer. */
    FILE_IO("file I/O"),
    /** Inside {@code FileChannel.force}: what group commit (stage 4) shares between requests. */
    FSYNC("fsync"),
    /** An idle thread: an event loop with nothing to do, a parked thread the sampler happened to find. */
    WAITING("waiting"),
    /** Stop-the-world collection pauses: what allocating less per record shrinks. */
    GC("GC"),
    /** Everything else: the stage's own logic, Netty's pipeline, locks, checksums, the JDK. */
    OTHER("other");

    private final String label;

    Category(String label) {
        this.label = label;
    }

    /** The column header and JSON key a reader sees. */
    public String label() {
        return label;
    }
}
