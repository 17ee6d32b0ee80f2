package io.nicplan.embed.config;

import io.nicplan.graph.config.ConfigValue;
import java.util.Objects;
import java.util.Optional;

/** One change to a configuration: add or remove one entry of a list-valued C-node, or set a whole value. */
public sealed interface ConfigChange permits ConfigChange.AddEntry, ConfigChange.RemoveEntry, ConfigChange.SetValue {
    /** The C-node the change is about. */
    String cnode();

    /** Append {@code entry} to the C-node's list (e.g. one more 5-tuple filter). */
    record AddEntry(String cnode, ConfigValue entry) implements ConfigChange {
        public AddEntry {
            Objects.requireNonNull(cnode, "cnode");
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** Remove the entry at {@code index} of the C-node's list. */
    record RemoveEntry(String cnode, int index) implements ConfigChange {
        public RemoveEntry {
            Objects.requireNonNull(cnode, "cnode");
        }
    }

    /** Replace the C-node's value (empty: unconfigure it). */
    record SetValue(String cnode, Optional<ConfigValue> value) implements ConfigChange {
        public SetValue {
            Objects.requireNonNull(cnode, "cnode");
            Objects.requireNonNull(value, "value");
        }
    }
}
