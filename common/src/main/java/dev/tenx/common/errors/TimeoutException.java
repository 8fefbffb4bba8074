package dev.tenx.common.errors;

/**
 * No response within {@code request.timeout.ms}. The records of that request are not known to
 * be stored: they may or may not be in the log, as with Kafka's producer.
 */
public class TimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
        super(message);
    }
}
