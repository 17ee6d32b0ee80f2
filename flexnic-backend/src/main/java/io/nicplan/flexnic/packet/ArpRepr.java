package io.nicplan.flexnic.packet;

import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.util.Objects;

/** An Ethernet/IPv4 ARP packet as a value. */
record ArpRepr(int operation, MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac, Ipv4Address targetIp) {

    public ArpRepr {
        Objects.requireNonNull(senderMac, "senderMac");
        Objects.requireNonNull(senderIp, "senderIp");
        Objects.requireNonNull(targetMac, "targetMac");
        Objects.requireNonNull(targetIp, "targetIp");
    }

    public static ArpRepr parse(ArpView view) {
        if (view.length() < ArpView.HEADER_LENGTH) {
            throw new MalformedPacketException("ARP packet needs 28 bytes, has " + view.length());
        }
        if (!view.isEthernetIpv4()) {
            throw new MalformedPacketException("ARP packet is not Ethernet/IPv4 (htype " + view.hardwareType()
                    + ", ptype 0x" + Integer.toHexString(view.protocolType()) + ")");
        }
        return new ArpRepr(view.operation(), new MacAddress(view.senderMac()), new Ipv4Address(view.senderIp()),
                new MacAddress(view.targetMac()), new Ipv4Address(view.targetIp()));
    }

    public void emit(ArpView view) {
        view.setEthernetIpv4(operation);
        view.setSender(senderMac.value(), senderIp.bits());
        view.setTarget(targetMac.value(), targetIp.bits());
    }
}
