package io.nicplan.optimizer.domain;

import java.util.Optional;

/** The L4 protocols the steering filters distinguish, named as in the filters' {@code proto} enum. */
public enum Proto {
    TCP("tcp", 6),
    UDP("udp", 17),
    SCTP("sctp", 132),
    OTHER("other", -1);

    private final String jsonName;
    private final int number;

    Proto(String jsonName, int number) {
        this.jsonName = jsonName;
        this.number = number;
    }

    public String jsonName() {
        return jsonName;
    }

    /** IANA protocol number; -1 for {@link #OTHER}. */
    public int number() {
        return number;
    }

    private static final Proto[] VALUES = values();

    public static Optional<Proto> byJsonName(String name) {
        for (Proto p : VALUES) {   // no stream: asked once per flow of every workload
            if (p.jsonName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
