package io.nicplan.flexnic.runtime;

/** Thrown inside the control path when an update fails; becomes its {@link UpdateStatus}. */
final class UpdateRejected extends Exception {

    final StatusCode code;

    UpdateRejected(StatusCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    UpdateStatus status() {
        return UpdateStatus.of(code, getMessage());
    }
}
