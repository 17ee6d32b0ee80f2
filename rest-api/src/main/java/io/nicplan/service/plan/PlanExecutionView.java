package io.nicplan.service.plan;

import java.util.List;
import java.util.Optional;

/**
 * Which service instances worked on a plan (docs/service.md "A fleet of instances").
 *
 * @param holders every instance that held the job, in order; more than one after a takeover
 * @param takeovers how often another instance took the job over after its holder died (lease ran out)
 * @param solvedBy the instance that ended the search
 */
public record PlanExecutionView(List<String> holders, int takeovers, Optional<String> solvedBy) {
}
