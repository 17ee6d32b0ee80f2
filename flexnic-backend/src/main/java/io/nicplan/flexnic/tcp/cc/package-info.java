/**
 * FlexTCP's congestion control on the slow path (TAS, EuroSys 2019): once per control interval
 * the slow path hands each flow's counter deltas (acknowledged bytes, ECN-echoed bytes, drops,
 * the RTT estimate) to its {@link io.nicplan.flexnic.tcp.cc.CongestionControl}, which answers a
 * rate the fast path's queue manager enforces. DCTCP rate-based is the default; TIMELY and a
 * fixed rate are the alternatives.
 */
package io.nicplan.flexnic.tcp.cc;
