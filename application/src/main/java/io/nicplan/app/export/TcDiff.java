package io.nicplan.app.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tc commands that take a NIC from what one tc export installed to what another would (docs/export.md "Diff"):
 * a filter is known by its protocol, prio and match. One whose action changes is replaced in place by its handle
 * ({@code tc filter replace ... handle H}: the kernel swaps the filter under one update, so its flow is never
 * without one); new filters are added before old ones are deleted (a flow whose filter moves to another prio has
 * both until the old one goes: it stays on its old queue until that one update); the ethtool settings change as in
 * the ethtool diff. Handles are the ones the kernel gave when the current export ran on a fresh ingress qdisc:
 * cls_flower numbers a prio's filters from 1, the lowest free handle first (fl_change, idr_alloc_u32).
 */
final class TcDiff {
    private static final Pattern FILTER = Pattern.compile("^tc filter add dev (\\S+) ingress protocol (\\S+) prio (\\d+) "
            + "flower skip_sw(.*?) action (.*)$");

    private TcDiff() {
    }

    /** One filter: protocol, prio and match (its key), its action and the handle the kernel gave it. */
    private record Filter(String protocol, int prio, String match, String action, int handle) {
        String key() {
            return protocol + " " + prio + match;
        }
    }

    static String diff(String current, String next, LinuxDriver driver, String dev) {
        Map<String, Filter> before = filters(current);
        Map<String, Filter> after = filters(next);
        Map<Integer, String> protocols = new TreeMap<>();
        before.values().forEach(f -> protocols.put(f.prio(), f.protocol()));
        List<String> replace = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        List<String> clashes = new ArrayList<>();
        for (Filter f : after.values()) {
            Filter old = before.get(f.key());
            if (old != null) {
                if (!old.action().equals(f.action())) {
                    replace.add("tc filter replace dev " + dev + " ingress protocol " + f.protocol() + " prio " + f.prio()
                            + " handle " + old.handle() + " flower skip_sw" + f.match() + " action " + f.action());
                }
                continue;
            }
            String held = protocols.get(f.prio());
            if (held != null && !held.equals(f.protocol())) {
                // A tc prio holds filters of one protocol; the kernel refuses another until the old ones are gone.
                clashes.add("prio " + f.prio() + " holds protocol " + held + " filters in the current plan and protocol "
                        + f.protocol() + " in the next");
            }
            add.add("tc filter add dev " + dev + " ingress protocol " + f.protocol() + " prio " + f.prio() + " flower skip_sw"
                    + f.match() + " action " + f.action());
        }
        for (Filter f : before.values()) {
            if (!after.containsKey(f.key())) {
                delete.add("tc filter del dev " + dev + " ingress protocol " + f.protocol() + " prio " + f.prio() + " handle "
                        + f.handle() + " flower");
            }
        }
        if (!clashes.isEmpty()) {
            throw new UnexpressiblePlanException("tc --diff-from", driver.nic() + " (" + driver.driver() + ")",
                    List.of(String.join("; ", clashes) + ": export the whole plan instead"));
        }
        EthtoolDiff.SettingsChange settings = EthtoolDiff.settingsChange(current, next);
        List<String> out = new ArrayList<>();
        out.add("#!/bin/sh");
        out.add("# nicplan export --diff-from: " + driver.nic() + " under Linux " + driver.driver() + ", tc commands for " + dev
                + ": " + replace.size() + " filters replaced in place, " + add.size() + " added, " + delete.size() + " deleted "
                + "(docs/export.md)");
        out.add("set -e");
        out.addAll(settings.first());
        if (before.isEmpty() && !add.isEmpty()) {
            out.add("tc qdisc add dev " + dev + " ingress");
        }
        out.addAll(replace);
        out.addAll(add);
        out.addAll(delete);
        out.addAll(settings.last());
        return String.join("\n", out) + "\n";
    }

    /** The filters a tc script adds, by key, with the handles a fresh qdisc gives them (per prio, lowest free from 1). */
    private static Map<String, Filter> filters(String script) {
        Map<String, Filter> m = new LinkedHashMap<>();
        Map<Integer, TreeSet<Integer>> used = new TreeMap<>();
        for (String line : script.lines().toList()) {
            Matcher x = FILTER.matcher(line);
            if (x.matches()) {
                int prio = Integer.parseInt(x.group(3));
                TreeSet<Integer> handles = used.computeIfAbsent(prio, p -> new TreeSet<>());
                int handle = 1;
                while (handles.contains(handle)) {
                    handle++;
                }
                handles.add(handle);
                Filter f = new Filter(x.group(2), prio, x.group(4), x.group(5), handle);
                m.put(f.key(), f);
            }
        }
        return m;
    }
}
