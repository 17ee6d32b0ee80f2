package io.nicplan.embed.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;

/** Parses JSON text strictly (no duplicate keys, no trailing content) and reports syntax errors as problems. */
public final class JsonDocuments {
    /** Largest document accepted: a 100,000-flow state is about 15 MB. */
    public static final int MAX_CHARS = 64 * 1024 * 1024;

    private static final ObjectMapper MAPPER = strictMapper();

    private JsonDocuments() {
    }

    /** The shared mapper used for reading and writing nicplan's JSON formats. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The JSON tree of {@code text}; empty (with a problem added) when the text is too large or not
     * well-formed JSON.
     */
    public static Optional<JsonNode> parse(String text, Problems problems) {
        if (text.length() > MAX_CHARS) {
            problems.add("", "document has " + text.length() + " characters; at most " + MAX_CHARS + " are accepted");
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                problems.add("", "document is empty; expected a JSON object");
                return Optional.empty();
            }
            return Optional.of(node);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            problems.add("", "malformed JSON" + where + ": " + e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_CHARS).maxNestingDepth(64).build());
        return mapper;
    }
}
