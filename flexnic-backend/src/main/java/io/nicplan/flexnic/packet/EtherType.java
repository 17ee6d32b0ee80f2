package io.nicplan.flexnic.packet;

/** EtherType values the emulator knows (IEEE registry). */
public final class EtherType {
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    /** IEEE 802.1Q customer VLAN tag. */
    public static final int VLAN = 0x8100;
    /** IEEE 802.1ad service VLAN tag (QinQ). */
    public static final int QINQ = 0x88a8;
    public static final int IPV6 = 0x86dd;

    private EtherType() {
    }
}
