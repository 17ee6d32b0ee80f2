package io.nicplan.flexnic.packet;

/** An 802.1Q tag (after the 0x8100 TPID) as a value. */
record VlanRepr(int priority, boolean dropEligible, int vlanId, int etherType) {

    public VlanRepr {
        if (priority < 0 || priority > 7) {
            throw new IllegalArgumentException("VLAN priority must be 0..7, got " + priority);
        }
        if (vlanId < 0 || vlanId > 4095) {
            throw new IllegalArgumentException("VLAN id must be 0..4095, got " + vlanId);
        }
    }

    public static VlanRepr parse(VlanView view) {
        if (view.length() < VlanView.HEADER_LENGTH) {
            throw new MalformedPacketException("VLAN tag needs 4 bytes, frame has " + view.length());
        }
        return new VlanRepr(view.priority(), view.dropEligible(), view.vlanId(), view.etherType());
    }

    public void emit(VlanView view) {
        view.setTci(priority, dropEligible, vlanId);
        view.setEtherType(etherType);
    }
}
