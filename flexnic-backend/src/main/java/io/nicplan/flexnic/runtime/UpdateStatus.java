package io.nicplan.flexnic.runtime;

import java.util.Objects;

/** The status of one update: a code and, unless OK, a message saying what and why. */
public record UpdateStatus(StatusCode code, String message) {

    public static final UpdateStatus OK = new UpdateStatus(StatusCode.OK, "");

    public UpdateStatus {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static UpdateStatus of(StatusCode code, String message) {
        return new UpdateStatus(code, message);
    }

    public boolean ok() {
        return code == StatusCode.OK;
    }

    @Override
    public String toString() {
        return message.isEmpty() ? code.name() : code + ": " + message;
    }
}
