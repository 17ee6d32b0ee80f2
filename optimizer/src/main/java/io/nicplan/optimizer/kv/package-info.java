/**
 * FlexNIC's key-value steering program (Kaufmann et al., ASPLOS 2016, section 2) planned from the
 * protocol state: which core owns each memcached key ({@link io.nicplan.optimizer.kv.KeyOwnership}),
 * and the two match-action stages that send every request to a queue of its key's owner
 * ({@link io.nicplan.optimizer.kv.KeyValueProgram}): parse and hash the key into {@code meta.hash},
 * then map each {@code meta.hash} bucket to a queue. The cost model offers a keyed flow only its
 * owner's queue through that program; the configuration builder writes the two stages.
 */
package io.nicplan.optimizer.kv;
