/**
 * Results of pure, costly steps of planning kept for the next request with the same inputs: the service re-plans
 * the same host's state (retries, repeats, revisions, take-overs), and the embeddings behind a plan are most of its
 * CPU time and allocation (docs/PERFORMANCE.md, "HTTP service"). Depends on nothing of nicplan's.
 */
package io.nicplan.optimizer.memo;
