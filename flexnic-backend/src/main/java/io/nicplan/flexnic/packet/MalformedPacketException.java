package io.nicplan.flexnic.packet;

/** A frame that a repr cannot be parsed from; the message says which field and why. */
final class MalformedPacketException extends RuntimeException {

    public MalformedPacketException(String message) {
        super(message);
    }
}
