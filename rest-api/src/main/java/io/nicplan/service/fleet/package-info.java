/**
 * Several service instances over one database (docs/service.md "A fleet of instances"): this instance's
 * name in the jobs and emulators it holds, and whether another instance is alive. Plan jobs' leases and
 * takeovers are in {@code io.nicplan.service.plan} (PlanJobs), their SQL in {@code io.nicplan.service.persistence}.
 */
package io.nicplan.service.fleet;
