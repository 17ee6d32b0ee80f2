package io.nicplan.service.archfixture;

import io.nicplan.flexnic.backend.Backend;

/** Breaks "the doors act through the application layer" on purpose: it calls the backend itself. */
public class ControllerThatAppliesByItself {
    Backend backend;
}
