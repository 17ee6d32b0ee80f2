package io.nicplan.flexnic.packet;

/** Zero-copy view of an Ethernet II header: destination, source, EtherType. */
final class EthernetView extends HeaderView {

    public static final int HEADER_LENGTH = 14;

    /** A view over {@code frame[offset, offset+length)}. */
    public static EthernetView over(byte[] frame, int offset, int length) {
        return new EthernetView().wrap(frame, offset, length);
    }

    /** Re-targets this view; returns it. */
    public EthernetView wrap(byte[] frame, int offset, int length) {
        bind(frame, offset, length);
        return this;
    }

    public long dst() {
        return Bytes.u48(buf, off);
    }

    public long src() {
        return Bytes.u48(buf, off + 6);
    }

    public int etherType() {
        return Bytes.u16(buf, off + 12);
    }

    public void setDst(long mac) {
        Bytes.setU48(buf, off, mac);
    }

    public void setSrc(long mac) {
        Bytes.setU48(buf, off + 6, mac);
    }

    public void setEtherType(int type) {
        Bytes.setU16(buf, off + 12, type);
    }

    /** Offset in the buffer of what follows the header (a VLAN tag or the payload). */
    public int payloadOffset() {
        return off + HEADER_LENGTH;
    }
}
