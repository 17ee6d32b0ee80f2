package io.nicplan.optimizer.cost;

/** A cost specification that cannot be used; the message names the field by JSON pointer. */
public final class CostSpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String pointer;

    public CostSpecException(String pointer, String message) {
        super((pointer.isEmpty() ? "/" : pointer) + ": " + message);
        this.pointer = pointer;
    }

    /** JSON pointer (RFC 6901) of the offending field. */
    public String pointer() {
        return pointer;
    }
}
