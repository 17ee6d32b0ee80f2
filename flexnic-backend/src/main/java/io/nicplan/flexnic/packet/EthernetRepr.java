package io.nicplan.flexnic.packet;

import io.nicplan.net.MacAddress;
import java.util.Objects;

/** An Ethernet II header as a value. */
record EthernetRepr(MacAddress src, MacAddress dst, int etherType) {

    public EthernetRepr {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (etherType < 0 || etherType > 0xffff) {
            throw new IllegalArgumentException("EtherType out of range: " + etherType);
        }
    }

    /** Reads the header a view points at. */
    public static EthernetRepr parse(EthernetView view) {
        if (view.length() < EthernetView.HEADER_LENGTH) {
            throw new MalformedPacketException("Ethernet header needs 14 bytes, frame has " + view.length());
        }
        return new EthernetRepr(new MacAddress(view.src()), new MacAddress(view.dst()), view.etherType());
    }

    /** Writes this header where the view points. */
    public void emit(EthernetView view) {
        view.setDst(dst.value());
        view.setSrc(src.value());
        view.setEtherType(etherType);
    }
}
