package io.nicplan.service.persistence;

/**
 * The database opened but has lost the data its data directory recorded (see
 * {@link DataDirectoryMarker}); the service must not start empty over it.
 */
public final class LostDatabaseException extends RuntimeException {
    LostDatabaseException(String message) {
        super(message);
    }
}
