package io.nicplan.optimizer.domain;

import java.util.Arrays;
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

    public static Optional<Proto> byJsonName(String name) {
        return Arrays.stream(values()).filter(p -> p.jsonName.equals(name)).findFirst();
    }
}
