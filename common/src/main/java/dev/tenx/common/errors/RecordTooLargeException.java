package dev.tenx.common.errors;

/** A record that cannot fit in one request of {@code max.request.size}; it was never sent. */
public class RecordTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }
}
