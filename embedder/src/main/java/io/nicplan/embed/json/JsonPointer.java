package io.nicplan.embed.json;

/** Builds RFC 6901 JSON pointers ({@code /flows/17/dst}) one reference token at a time. */
public final class JsonPointer {
    private JsonPointer() {
    }

    /** {@code base} extended by the object member {@code name}, escaped per RFC 6901. */
    public static String child(String base, String name) {
        return base + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    /** {@code base} extended by the array index {@code index}. */
    public static String child(String base, int index) {
        return base + "/" + index;
    }
}
