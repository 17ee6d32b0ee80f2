package io.nicplan.flexnic.packet;

/**
 * Zero-copy view of the four bytes after an 802.1Q TPID (EtherType 0x8100): the tag control
 * information (priority, drop eligible, VLAN id) and the EtherType of the payload.
 */
final class VlanView extends HeaderView {

    public static final int HEADER_LENGTH = 4;

    public static VlanView over(byte[] frame, int offset, int length) {
        return new VlanView().wrap(frame, offset, length);
    }

    public VlanView wrap(byte[] frame, int offset, int length) {
        bind(frame, offset, length);
        return this;
    }

    public int priority() {
        return Bytes.u8(buf, off) >>> 5;
    }

    public boolean dropEligible() {
        return (buf[off] & 0x10) != 0;
    }

    public int vlanId() {
        return Bytes.u16(buf, off) & 0x0fff;
    }

    public int etherType() {
        return Bytes.u16(buf, off + 2);
    }

    public void setTci(int priority, boolean dropEligible, int vlanId) {
        Bytes.setU16(buf, off, (priority & 7) << 13 | (dropEligible ? 0x1000 : 0) | (vlanId & 0x0fff));
    }

    public void setEtherType(int type) {
        Bytes.setU16(buf, off + 2, type);
    }

    public int payloadOffset() {
        return off + HEADER_LENGTH;
    }
}
