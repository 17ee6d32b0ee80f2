/**
 * Packets as bytes: zero-copy typed views over frames (read and write header fields in place)
 * and value records ("reprs") for building and checking them, after smoltcp's two views of a
 * packet. Views are flyweights: {@code wrap} re-targets one instance at another frame, so the
 * per-packet path can reuse them without allocating.
 */
package io.nicplan.flexnic.packet;
