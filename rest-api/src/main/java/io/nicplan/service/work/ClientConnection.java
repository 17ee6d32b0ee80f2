package io.nicplan.service.work;

/**
 * Whether a request's client is still there ({@link ClientConnectionValve} provides one per request).
 * Ask only while the request is in progress and no container thread reads it: after the answer, the
 * container recycles what this reads.
 */
@FunctionalInterface
public interface ClientConnection {
    /** The request attribute that holds a request's connection. */
    String ATTRIBUTE = ClientConnection.class.getName();

    /** True once the client has closed its connection (a non-blocking probe, no waiting). */
    boolean closed();
}
