package io.nicplan.flexnic.runtime;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The answer to a batch: one status per update, in order; whether anything was committed; and
 * the snapshot version the packet path runs afterwards.
 */
public record WriteResponse(List<UpdateStatus> statuses, boolean committed, long snapshotVersion) {

    public WriteResponse {
        statuses = List.copyOf(statuses);
    }

    /** True if every update succeeded. */
    public boolean allOk() {
        return statuses.stream().allMatch(UpdateStatus::ok);
    }

    public UpdateStatus status(int index) {
        return statuses.get(index);
    }

    /** The failed updates as "#index CODE: message" lines, for error reports. */
    public String failures() {
        return IntStream.range(0, statuses.size()).filter(i -> !statuses.get(i).ok())
                .mapToObj(i -> "#" + i + " " + statuses.get(i)).collect(Collectors.joining("\n"));
    }
}
