package io.nicplan.app.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ethtool commands that take a NIC from what one export installed to what another would (docs/export.md
 * "Diff"): only the rules and settings that differ, in a safe order. A rule whose flow stays keeps its location
 * and is rewritten in place when its queue changes (the driver replaces the rule at a location: one update, so
 * the flow is never without a rule); new rules go to locations nothing uses yet before old ones are deleted; the
 * channel count grows first and shrinks last, so no rule or RSS entry names a queue that is not there.
 */
final class EthtoolDiff {
    private static final Pattern RULE = Pattern.compile("^ethtool -N (\\S+) flow-type (.*) action (\\S+) loc (\\d+)$");
    private static final Pattern CHANNELS = Pattern.compile("^ethtool -L \\S+ combined (\\d+)$");

    private EthtoolDiff() {
    }

    private record Rule(String match, String action, int loc) {
    }

    static String diff(String current, String next, LinuxDriver driver, String dev) {
        if (!driver.ntupleLocations()) {
            throw new UnexpressiblePlanException("ethtool --diff-from", driver.nic() + " (" + driver.driver() + ")",
                    List.of(driver.driver() + " places ntuple rules itself, so a rule to delete is known only by the location "
                            + "ethtool -n shows: export the whole plan instead"));
        }
        Map<String, Rule> before = rules(current);
        Map<String, Rule> after = rules(next);
        Set<Integer> used = new TreeSet<>();
        before.values().forEach(r -> used.add(r.loc()));
        List<String> replace = new ArrayList<>();
        List<String> insert = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        int free = 0;
        for (Rule r : after.values()) {
            Rule old = before.get(r.match());
            if (old != null) {
                if (!old.action().equals(r.action())) {
                    replace.add(line(dev, r.match(), r.action(), old.loc()));
                }
                continue;
            }
            while (used.contains(free)) {
                free++;
            }
            used.add(free);
            insert.add(line(dev, r.match(), r.action(), free));
        }
        for (Rule r : before.values()) {
            if (!after.containsKey(r.match())) {
                delete.add("ethtool -N " + dev + " delete " + r.loc());
            }
        }
        SettingsChange settings = settingsChange(current, next);
        List<String> out = new ArrayList<>();
        out.add("#!/bin/sh");
        out.add("# nicplan export --diff-from: " + driver.nic() + " under Linux " + driver.driver() + ", ethtool commands for "
                + dev + ": " + replace.size() + " rules rewritten in place, " + insert.size() + " inserted, " + delete.size()
                + " deleted (docs/export.md)");
        out.add("set -e");
        out.addAll(settings.first());
        if (!insert.isEmpty() && !current.contains(" ntuple on")) {
            out.add("ethtool -K " + dev + " ntuple on");
        }
        out.addAll(replace);
        out.addAll(insert);
        out.addAll(delete);
        out.addAll(settings.last());
        return String.join("\n", out) + "\n";
    }

    /**
     * The ethtool settings (channels, offloads, hashing, RSS) that differ between two scripts: {@code first} before
     * any rule changes (a growing channel count, then the other changed settings), {@code last} after them (a
     * shrinking channel count), so no rule or RSS entry names a queue that is not there.
     */
    record SettingsChange(List<String> first, List<String> last) {
    }

    static SettingsChange settingsChange(String current, String next) {
        int channelsBefore = channels(current);
        int channelsAfter = channels(next);
        List<String> settingsBefore = settings(current);
        List<String> channelLine = settings(next).stream().filter(l -> CHANNELS.matcher(l).matches()).toList();
        List<String> first = new ArrayList<>();
        if (channelsAfter > channelsBefore) {
            first.addAll(channelLine);
        }
        settings(next).stream().filter(l -> !CHANNELS.matcher(l).matches() && !settingsBefore.contains(l)).forEach(first::add);
        return new SettingsChange(first, channelsAfter < channelsBefore ? channelLine : List.of());
    }

    private static Map<String, Rule> rules(String script) {
        Map<String, Rule> m = new LinkedHashMap<>();
        for (String line : script.lines().toList()) {
            Matcher x = RULE.matcher(line);
            if (x.matches()) {
                m.put(x.group(2), new Rule(x.group(2), x.group(3), Integer.parseInt(x.group(4))));
            }
        }
        return m;
    }

    /** The script's non-rule commands (channels, offloads, hashing, RSS). */
    private static List<String> settings(String script) {
        return script.lines().filter(l -> l.startsWith("ethtool ") && !RULE.matcher(l).matches() && !l.endsWith(" ntuple on"))
                .toList();
    }

    /** The channel count a script sets; 0 when it leaves them as the driver set them. */
    private static int channels(String script) {
        return script.lines().map(CHANNELS::matcher).filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1)))
                .findFirst().orElse(0);
    }

    private static String line(String dev, String match, String action, int loc) {
        return "ethtool -N " + dev + " flow-type " + match + " action " + action + " loc " + loc;
    }
}
