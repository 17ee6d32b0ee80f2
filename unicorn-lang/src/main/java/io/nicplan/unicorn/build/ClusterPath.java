package io.nicplan.unicorn.build;

/**
 * The clusters a declaration sits in, innermost last; node ids are {@code prefix() + name}. A
 * linked chain, so climbing (a reference's leading dots) allocates nothing.
 */
final class ClusterPath {
    static final ClusterPath ROOT = new ClusterPath(null, "", "");

    private final ClusterPath parent;
    private final String name;
    private final String prefix;
    private final int depth;

    private ClusterPath(ClusterPath parent, String name, String prefix) {
        this.parent = parent;
        this.name = name;
        this.prefix = prefix;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    ClusterPath child(String childName) {
        return new ClusterPath(this, childName, prefix + childName + ".");
    }

    /** The path {@code levels} clusters up; {@code levels} must not exceed {@link #depth()}. */
    ClusterPath climb(int levels) {
        ClusterPath p = this;
        for (int i = 0; i < levels; i++) {
            p = p.parent;
        }
        return p;
    }

    int depth() {
        return depth;
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
        int climbed = 0;
        ClusterPath p = this;
        while (p.depth > 0 && !id.startsWith(p.prefix)) {
            p = p.parent;
            climbed++;
        }
        return ".".repeat(climbed) + id.substring(p.prefix.length());
    }

    @Override
    public String toString() {
        return name.isEmpty() ? "<top>" : dotted();
    }
}
