package io.nicplan.cli;

/** Bad input from the user (missing file, bad option value): reported as one line, exit code 1. */
final class UserInputException extends RuntimeException {
    UserInputException(String message) {
        super(message);
    }
}
