package io.nicplan.embed.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.testing.Nics;
import io.nicplan.embed.testing.Solvers;
import io.nicplan.embed.ThousandEndpoints;
import io.nicplan.graph.DataflowGraph;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The embedding of the benchmark workload (1,000 endpoints, 2,000 flows, Intel 82599) is exactly
 * the one the embedder produced before its caches shared work between queues and flows: the
 * digests are of the JSON rendering made with the code of commit 3b73c7b (per-queue simplifiers,
 * a heap-ordered walk per flow). Any change to a decision, a removal reason, a pipeline edge or
 * a flow's cost or sinks changes the digest. Re-pinned once since, deliberately: the LPG template's
 * {@code Eth.Type} gained its {@code ipv6} port (to {@code Drop} in this IPv4-only state), which
 * renders as one more port and edge per queue; no decision, cost or sink changed.
 */
class EmbeddingGoldenTest {
    private final Embedder embedder = Solvers.embedder();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rss, c2e83e7d959a63d22ded72cb42bdb7dcf4b4679c255766aebfb645d18f2fdc02",
        "filters, 999226c4a7a3e048bc8398350b7b9c5d036dda9fb6af9ea55c427b8412d1c83b",
    })
    void thousandEndpointsEmbedAsBeforeTheSharedCaches(String variant, String digest) {
        DataflowGraph nic = Nics.intel82599();
        ProtocolState state = ThousandEndpoints.state(embedder);
        Embedding e = embedder.embed(nic, Nics.lpg(), state, ThousandEndpoints.configuration(embedder, nic, variant));
        String json = Embedder.render(e, Embedder.Format.JSON);
        assertThat(sha256(json)).as("SHA-256 of the %s embedding's JSON (%d chars)", variant, json.length()).isEqualTo(digest);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
