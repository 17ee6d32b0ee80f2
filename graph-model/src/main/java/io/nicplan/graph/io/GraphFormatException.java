package io.nicplan.graph.io;

/**
 * A graph document could not be read; the message says where (a JSON pointer, and the node id when
 * known) and why.
 */
final class GraphFormatException extends IllegalArgumentException {
    private final String location;

    public GraphFormatException(String location, String problem) {
        super(location.isEmpty() ? problem : location + ": " + problem);
        this.location = location;
    }

    public GraphFormatException(String location, String problem, Throwable cause) {
        super(location.isEmpty() ? problem : location + ": " + problem, cause);
        this.location = location;
    }

    /** Where in the document the problem is, as a JSON pointer (possibly followed by the node id); empty for the whole document. */
    public String location() {
        return location;
    }
}
