package io.nicplan.flexnic.packet;

/** An IPv4 address; {@code value} is the address read big-endian, e.g. 10.0.0.1 is 0x0a000001. */
public record Ipv4Address(int value) implements Comparable<Ipv4Address> {

    /**
     * Parses dotted-quad text, e.g. {@code 192.0.2.1}.
     *
     * @throws IllegalArgumentException naming the text if it is not an IPv4 address
     */
    public static Ipv4Address parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address (four dotted octets): '" + text + "'");
        }
        int v = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = part.length() > 3 ? -1 : Integer.parseInt(part);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255 || part.startsWith("+")) {
                throw new IllegalArgumentException("bad octet '" + part + "' in IPv4 address '" + text + "'");
            }
            v = (v << 8) | octet;
        }
        return new Ipv4Address(v);
    }

    /** The address as an unsigned long, as header-field predicates hold it. */
    public long unsigned() {
        return value & 0xffffffffL;
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }
}
