package io.nicplan.service.problem;

/** One thing wrong with a request's content: the JSON pointer of the value, and why. */
public record InputError(String pointer, String message) {
}
