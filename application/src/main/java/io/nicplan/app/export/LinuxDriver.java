package io.nicplan.app.export;

import io.nicplan.descriptions.driver.DriverLimits;
import io.nicplan.descriptions.driver.Target;
import io.nicplan.graph.DataflowGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the Linux driver (and DPDK's poll-mode driver) of a shipped NIC lets an exported plan reach: which
 * steering table ethtool's ntuple rules land in and the tables nothing in ethtool reaches (and why), as the NIC's
 * description states them ({@link DriverLimits}, which the planner's {@code linux} target reads too; filled in by
 * {@link #forNic}), what {@code --best-effort} may move where, the RSS key length the driver takes, and the tables
 * DPDK's rte_flow reaches. Every figure cites the driver source it comes from (docs/export.md lists them).
 *
 * @param nic the NIC description's graph name ({@code Intel82599})
 * @param driver the Linux driver ({@code ixgbe})
 * @param ntupleFunction the configuration function whose table {@code ethtool -N} rules land in, if any (from the
 *     description's {@code linux_ntuple} C-node)
 * @param ntupleWildcards whether ntuple rules may leave fields out (else every rule is an exact five-tuple)
 * @param ntupleRequired the fields every ntuple rule must give even where wildcards are allowed ({@code proto},
 *     {@code src-ip}, {@code dst-ip}, {@code src-port}, {@code dst-port})
 * @param ntupleLocations whether rules take a {@code loc} (else the driver places them itself)
 * @param ethtoolUnreachable configuration functions no ethtool command reaches, each with the reason (from the
 *     description's {@code linux_unreachable} C-nodes)
 * @param bestEffortMoves for {@code --best-effort}: function whose exact entries may move into another's table
 * @param rssKeyBytes the RSS key length {@code ethtool -X hkey} must give exactly
 * @param dpdkDriver DPDK's poll-mode driver, if one drives the NIC
 * @param rteFlowReach the configuration functions whose entries that PMD installs through rte_flow
 * @param tcNote what the driver offloads of tc, for a comment in the tc script
 */
record LinuxDriver(String nic, String driver, Optional<String> ntupleFunction, boolean ntupleWildcards,
                          Set<String> ntupleRequired, boolean ntupleLocations, Map<String, String> ethtoolUnreachable,
                          Map<String, String> bestEffortMoves, int rssKeyBytes, Optional<String> dpdkDriver,
                          Set<String> rteFlowReach, String tcNote) {

    /**
     * Intel 82599 under ixgbe. ixgbe_ethtool.c (ixgbe_add_ethtool_fdir_entry) turns every ntuple rule into a
     * flow-director perfect filter (tcp4, udp4, sctp4, ip4 flow types, one global field mask) at the rule's
     * location; it has no path to the 128 five-tuple filters (FTQF), the EtherType filters (ETQF) or the SYN
     * filter (SYNQF). DPDK's ixgbe PMD (ixgbe_flow.c) installs all four from rte_flow patterns. ixgbe offloads
     * tc's cls_u32 (ixgbe_setup_tc_cls_u32), not flower.
     */
    static final LinuxDriver IXGBE = new LinuxDriver("Intel82599", "ixgbe", Optional.empty(), false, Set.of(), true, Map.of(),
            Map.of("fivetuple", "fdir"), 40, Optional.of("net_ixgbe"), Set.of("fivetuple", "fdir", "ethertype", "syn"),
            "ixgbe offloads tc cls_u32, not flower: on an 82599 the kernel refuses these skip_sw rules (use the ethtool export)");

    /**
     * Intel X710 under i40e. i40e_ethtool.c (i40e_add_fdir_ethtool) turns ntuple rules into flow-director
     * sideband filters with one field set per flow type; the RSS key is 52 bytes (I40E_HKEY_ARRAY_SIZE) and
     * {@code ethtool -X hkey} must give all of it. DPDK's i40e PMD installs flow-director rules from rte_flow.
     * i40e offloads flower only to a traffic class ({@code hw_tc}) of an mqprio channel set-up.
     */
    static final LinuxDriver I40E = new LinuxDriver("IntelX710", "i40e", Optional.empty(), false, Set.of(), true, Map.of(),
            Map.of(), 52, Optional.of("net_i40e"), Set.of("fdir"),
            "i40e offloads flower to a traffic class (hw_tc) of an mqprio channel set-up, not to a single queue");

    /**
     * Solarflare SFC9020 under sfc. ethtool.c / ethtool_common.c (efx_ethtool_set_class_rule): ntuple rules
     * become receive filters on tcp4/udp4 with destination address and port given and the source pair given or left
 * out ("full" or "wild" filters, farch_regs.h FRF_BZ_TCP_UDP), and the driver picks the
     * filter table row itself (a rule's location must be RX_CLS_LOC_ANY). DPDK's net_sfc drives the SFN7000
     * (EF10) and later families, not Siena.
     */
    static final LinuxDriver SFC = new LinuxDriver("SolarflareSFC9020", "sfc", Optional.empty(), true,
            Set.of("proto", "dst-ip", "dst-port"), false,
            Map.of(), Map.of(), 40, Optional.empty(), Set.of(),
            "sfc offloads flower on EF100 only: on an SFC9020 the kernel refuses these skip_sw rules (use the ethtool export)");

    /**
     * virtio-net under virtio_net: RSS by {@code ethtool -X} (virtnet_set_rxfh, with VIRTIO_NET_F_RSS; the
     * key is rss_max_key_size, 40 on QEMU) and channels by {@code -L combined}; no ntuple rules, and no
     * ethtool command sets the unclassified queue. DPDK's net_virtio has no rte_flow.
     */
    static final LinuxDriver VIRTIO_NET = new LinuxDriver("VirtioNet", "virtio_net", Optional.empty(), false, Set.of(), false,
            Map.of(), Map.of(), 40, Optional.of("net_virtio"), Set.of(), "virtio_net offloads no tc filters");

    private static final List<LinuxDriver> SHIPPED = List.of(IXGBE, I40E, SFC, VIRTIO_NET);

    LinuxDriver {
        ethtoolUnreachable = Map.copyOf(ethtoolUnreachable);
        bestEffortMoves = Map.copyOf(bestEffortMoves);
        rteFlowReach = Set.copyOf(rteFlowReach);
        ntupleRequired = Set.copyOf(ntupleRequired);
    }

    /**
     * The driver of {@code prg}, a shipped NIC description stating a Linux driver, with the ntuple table and the
     * unreachable tables the description states.
     */
    static Optional<LinuxDriver> forNic(DataflowGraph prg) {
        if (!DriverLimits.hasLinuxDriver(prg)) {
            return Optional.empty();
        }
        DriverLimits limits = DriverLimits.of(prg, Target.LINUX);
        Map<String, String> functions = SteeringExport.functions(prg);
        Map<String, String> unreachable = new LinkedHashMap<>();
        limits.unreachable().forEach((cnode, reason) -> unreachable.put(functions.get(cnode), reason));
        Optional<String> ntuple = limits.ntupleNode().map(functions::get);
        return SHIPPED.stream().filter(d -> d.nic.equals(prg.name())).findFirst()
                .map(d -> new LinuxDriver(d.nic, d.driver, ntuple, d.ntupleWildcards, d.ntupleRequired, d.ntupleLocations,
                        unreachable, d.bestEffortMoves, d.rssKeyBytes, d.dpdkDriver, d.rteFlowReach, d.tcNote));
    }

    /** Every shipped NIC with a Linux driver. */
    static List<LinuxDriver> shipped() {
        return SHIPPED;
    }
}
