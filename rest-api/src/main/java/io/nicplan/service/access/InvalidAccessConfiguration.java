package io.nicplan.service.access;

/**
 * The access configuration cannot be used (a bad tokens file, or a bind beyond loopback without tokens):
 * the service refuses to start, with this one line for the operator.
 */
public final class InvalidAccessConfiguration extends RuntimeException {
    public InvalidAccessConfiguration(String message) {
        super(message);
    }
}
