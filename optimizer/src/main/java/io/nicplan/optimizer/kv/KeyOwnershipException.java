package io.nicplan.optimizer.kv;

/** A key ownership no key-value program on the planned queues can honour; the message says which key, core and queues. */
public final class KeyOwnershipException extends IllegalArgumentException {
    public KeyOwnershipException(String message) {
        super(message);
    }
}
