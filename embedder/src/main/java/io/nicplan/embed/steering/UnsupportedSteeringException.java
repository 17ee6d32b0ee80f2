package io.nicplan.embed.steering;

/** A configuration with no steering form (the message names the C-node and why). */
public final class UnsupportedSteeringException extends IllegalArgumentException {
    public UnsupportedSteeringException(String message) {
        super(message);
    }
}
