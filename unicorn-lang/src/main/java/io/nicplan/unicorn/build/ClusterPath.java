package io.nicplan.unicorn.build;

import java.util.ArrayList;
import java.util.List;

/** The clusters a declaration sits in, outermost first; node ids are {@code prefix() + name}. */
final class ClusterPath {
    static final ClusterPath ROOT = new ClusterPath(List.of(), "");

    private final List<String> names;
    private final String prefix;

    private ClusterPath(List<String> names, String prefix) {
        this.names = names;
        this.prefix = prefix;
    }

    ClusterPath child(String name) {
        List<String> n = new ArrayList<>(names);
        n.add(name);
        return new ClusterPath(List.copyOf(n), prefix + name + ".");
    }

    /** The path {@code levels} clusters up; {@code levels} must not exceed {@link #depth()}. */
    ClusterPath climb(int levels) {
        List<String> n = names.subList(0, names.size() - levels);
        return new ClusterPath(List.copyOf(n), n.isEmpty() ? "" : String.join(".", n) + ".");
    }

    int depth() {
        return names.size();
    }

    /** The id prefix: cluster names each followed by '.', empty at the top level. */
    String prefix() {
        return prefix;
    }

    /** The cluster's dotted name, empty at the top level. */
    String dotted() {
        return prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
    }

    /** How a reference written in this cluster spells the node {@code id}: leading dots climb. */
    String relativeSpelling(String id) {
        int common = 0;
        String[] parts = id.split("\\.");
        while (common < names.size() && common < parts.length - 1 && names.get(common).equals(parts[common])) {
            common++;
        }
        StringBuilder sb = new StringBuilder(".".repeat(names.size() - common));
        for (int i = common; i < parts.length; i++) {
            sb.append(parts[i]);
            if (i < parts.length - 1) {
                sb.append('.');
            }
        }
        return sb.toString();
    }
}
