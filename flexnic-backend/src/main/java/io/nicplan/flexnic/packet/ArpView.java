package io.nicplan.flexnic.packet;

/** Zero-copy view of an ARP packet for Ethernet and IPv4 (RFC 826; 28 bytes). */
public final class ArpView extends HeaderView {

    public static final int HEADER_LENGTH = 28;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    public static ArpView over(byte[] frame, int offset, int length) {
        return new ArpView().wrap(frame, offset, length);
    }

    public ArpView wrap(byte[] frame, int offset, int length) {
        bind(frame, offset, length);
        return this;
    }

    public int hardwareType() {
        return Bytes.u16(buf, off);
    }

    public int protocolType() {
        return Bytes.u16(buf, off + 2);
    }

    public int hardwareLength() {
        return Bytes.u8(buf, off + 4);
    }

    public int protocolLength() {
        return Bytes.u8(buf, off + 5);
    }

    public int operation() {
        return Bytes.u16(buf, off + 6);
    }

    public long senderMac() {
        return Bytes.u48(buf, off + 8);
    }

    public int senderIp() {
        return Bytes.u32(buf, off + 14);
    }

    public long targetMac() {
        return Bytes.u48(buf, off + 18);
    }

    public int targetIp() {
        return Bytes.u32(buf, off + 24);
    }

    /** True if the fixed part says Ethernet (1) / IPv4 (0x0800) with 6- and 4-byte addresses. */
    public boolean isEthernetIpv4() {
        return hardwareType() == 1 && protocolType() == EtherType.IPV4 && hardwareLength() == 6 && protocolLength() == 4;
    }

    /** Writes the Ethernet/IPv4 fixed part and the given operation. */
    public void setEthernetIpv4(int operation) {
        Bytes.setU16(buf, off, 1);
        Bytes.setU16(buf, off + 2, EtherType.IPV4);
        buf[off + 4] = 6;
        buf[off + 5] = 4;
        Bytes.setU16(buf, off + 6, operation);
    }

    public void setSender(long mac, int ip) {
        Bytes.setU48(buf, off + 8, mac);
        Bytes.setU32(buf, off + 14, ip);
    }

    public void setTarget(long mac, int ip) {
        Bytes.setU48(buf, off + 18, mac);
        Bytes.setU32(buf, off + 24, ip);
    }
}
