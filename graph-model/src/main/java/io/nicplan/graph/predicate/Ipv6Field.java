package io.nicplan.graph.predicate;

import io.nicplan.net.Ipv6Address;
import io.nicplan.net.Ipv6Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A 128-bit IPv6 address field ({@code ip6.src}, {@code ip6.dst}) over its four 32-bit word
 * {@link HeaderField}s: predicates on a whole address or a prefix, and setting and reading an
 * address in a packet. This is the one place that knows how an address is split into words.
 */
public enum Ipv6Field {
    SRC("ip6.src", HeaderField.IP6_SRC_W0, HeaderField.IP6_SRC_W1, HeaderField.IP6_SRC_W2, HeaderField.IP6_SRC_W3),
    DST("ip6.dst", HeaderField.IP6_DST_W0, HeaderField.IP6_DST_W1, HeaderField.IP6_DST_W2, HeaderField.IP6_DST_W3);

    private final String fieldName;
    private final HeaderField[] words;

    Ipv6Field(String fieldName, HeaderField... words) {
        this.fieldName = fieldName;
        this.words = words;
    }

    /** The name in predicate text, e.g. {@code ip6.src}. */
    public String fieldName() {
        return fieldName;
    }

    /** Word {@code index} (0..3, most significant first). */
    public HeaderField word(int index) {
        return words[index];
    }

    /** The field a predicate text names ({@code ip6.src}, {@code ip6.dst}). */
    public static Optional<Ipv6Field> byName(String name) {
        for (Ipv6Field f : values()) {
            if (f.fieldName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The packets whose address is {@code a}: one full-mask atom per word. */
    public Predicate eq(Ipv6Address a) {
        return in(new Ipv6Prefix(a, 128));
    }

    /**
     * The packets whose address lies in {@code prefix}: a masked atom per word the prefix covers
     * (none for {@code ::/0}, which is {@link Predicate#TRUE}).
     */
    public Predicate in(Ipv6Prefix prefix) {
        List<Predicate> terms = new ArrayList<>(4);
        for (int i = 0; i < 4; i++) {
            int bits = Math.max(0, Math.min(32, prefix.length() - 32 * i));
            if (bits == 0) {
                continue;
            }
            long mask = (0xffff_ffffL << (32 - bits)) & 0xffff_ffffL;
            terms.add(bits == 32
                    ? Predicate.eq(words[i], prefix.address().word(i))
                    : Predicate.masked(words[i], prefix.address().word(i), mask));
        }
        return terms.isEmpty() ? Predicate.TRUE : terms.size() == 1 ? terms.get(0) : Predicate.and(terms);
    }

    /** Sets the four words of {@code a} in a packet array indexed by {@link HeaderField#ordinal()}. */
    public void set(long[] packet, Ipv6Address a) {
        for (int i = 0; i < 4; i++) {
            packet[words[i].ordinal()] = a.word(i);
        }
    }

    /** Sets the four words of {@code a}. */
    public PacketFields.Builder set(PacketFields.Builder packet, Ipv6Address a) {
        for (int i = 0; i < 4; i++) {
            packet.set(words[i], a.word(i));
        }
        return packet;
    }

    /** The address in a packet array indexed by {@link HeaderField#ordinal()}. */
    public Ipv6Address get(long[] packet) {
        return Ipv6Address.ofWords(packet[words[0].ordinal()], packet[words[1].ordinal()],
                packet[words[2].ordinal()], packet[words[3].ordinal()]);
    }

    /** The address in {@code packet}. */
    public Ipv6Address get(PacketFields packet) {
        return get(packet.raw());
    }
}
