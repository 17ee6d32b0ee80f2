/**
 * The backend: compiles a plan's configuration of any shipped NIC description into a FlexNIC
 * program ({@link io.nicplan.flexnic.backend.NicCompiler}), installs it atomically
 * ({@link io.nicplan.flexnic.backend.Installer}), replays real frames for every flow
 * ({@link io.nicplan.flexnic.backend.FlowReplay}) and reports predicted against observed queues
 * ({@link io.nicplan.flexnic.backend.Backend}, {@link io.nicplan.flexnic.backend.ApplyReport}).
 */
package io.nicplan.flexnic.backend;
