package io.nicplan.embed.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.json.JsonDocuments;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.testing.Nics;
import io.nicplan.embed.testing.Solvers;
import io.nicplan.embed.ThousandEndpoints;
import io.nicplan.graph.DataflowGraph;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The embedding of the benchmark workload (1,000 endpoints, 2,000 flows, Intel 82599) is exactly
 * the one the embedder produced before its caches shared work between queues and flows: the
 * digests are of the JSON rendering made with the code of commit 3b73c7b (per-queue simplifiers,
 * a heap-ordered walk per flow). Any change to a decision, a removal reason, a pipeline edge or
 * a flow's cost or sinks changes the digest. The digest is of the receive side: the transmit
 * fields added later (issue #14, {@code transmit*}) are taken out before hashing. When the JSON's
 * keys became camelCase (issue #16) the digests were re-taken after checking that the camelCase
 * document with {@code cyclesPerPacket} and {@code unreachedQueues} renamed back hashes to the
 * earlier digests (5299aa2f... and d8351527...). Re-pinned again when the LPG template's
 * {@code Eth.Type} gained its {@code ipv6} port (to {@code Drop} in this IPv4-only state): with
 * the edges from that port taken out, the document hashed to the camelCase digests (5b5a6d45...
 * and 74199210...); no decision, cost or sink changed.
 */
class EmbeddingGoldenTest {
    private final Embedder embedder = Solvers.embedder();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rss, aa2e7e1fa0994b69ddce2a83d30b8dc071a8ab454148b1203d1a359a91c15aef",
        "filters, c9b60c13dce5fde769e6958453410f0ab611b5b6b0666e03cb028b8480ed3d27",
    })
    void thousandEndpointsEmbedAsBeforeTheSharedCaches(String variant, String digest) {
        DataflowGraph nic = Nics.intel82599();
        ProtocolState state = ThousandEndpoints.state(embedder);
        Embedding e = embedder.embed(nic, Nics.lpg(), state, ThousandEndpoints.configuration(embedder, nic, variant));
        String json = receiveSide(Embedder.render(e, Embedder.Format.JSON));
        assertThat(sha256(json)).as("SHA-256 of the %s embedding's JSON (%d chars)", variant, json.length()).isEqualTo(digest);
    }

    /** The JSON rendering without its transmit fields, printed as the renderer prints. */
    private static String receiveSide(String json) {
        try {
            ObjectNode root = (ObjectNode) JsonDocuments.mapper().readTree(json);
            root.remove("transmitQueues");
            for (JsonNode q : root.get("queues")) {
                ((ObjectNode) q).remove(List.of("transmitQueue", "transmitCyclesPerPacket"));
                for (JsonNode f : q.get("flows")) {
                    ((ObjectNode) f).remove("transmitCycles");
                }
            }
            return JsonDocuments.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
