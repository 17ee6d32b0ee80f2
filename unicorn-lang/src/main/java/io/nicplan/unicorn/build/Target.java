package io.nicplan.unicorn.build;

import io.nicplan.unicorn.syntax.Locator;
import org.antlr.v4.runtime.Token;

/**
 * One target of a port or spawn, as written: the absolute id it resolves to (checked once all
 * nodes are declared, so references may point forward) and where it was written.
 */
record Target(String id, ClusterPath from, Token token, Locator at) {
}
