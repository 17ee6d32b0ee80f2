package io.nicplan.service.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API tokens the service accepts, each with a role and a name, kept only as SHA-256 digests.
 *
 * <p>One token per line, {@code ROLE TOKEN NAME} ({@code write sha256:9f86d0... ci-runner}): ROLE is
 * {@code read} or {@code write}; TOKEN is {@code sha256:} and the hex SHA-256 of the token (preferred:
 * the file then holds nothing a reader could send) or the token itself; NAME names who holds it, for
 * logs. Blank lines and lines starting with {@code #} are skipped. A presented token is hashed and
 * looked up by its digest, so the comparison never runs over the secret itself, and no token or
 * digest is ever put in a message.
 */
public final class ApiTokens {
    /** RFC 6750's b64token; at least 16 characters, so that a plain token is not guessable by trying. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]{16,}=*");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-fA-F]{64}");
    private static final Pattern NAME = Pattern.compile("[\\p{Graph}]{1,64}");

    /** A token holder: its role and name. */
    public record Holder(Role role, String name) {
    }

    private final Map<String, Holder> byDigest;
    private final int plainTokens;

    private ApiTokens(Map<String, Holder> byDigest, int plainTokens) {
        this.byDigest = Map.copyOf(byDigest);
        this.plainTokens = plainTokens;
    }

    /** No tokens at all. */
    public static ApiTokens none() {
        return new ApiTokens(Map.of(), 0);
    }

    /**
     * Reads token lines.
     *
     * @param source where the lines come from, for messages ({@code /etc/nicplan/tokens line 3})
     * @throws InvalidAccessConfiguration naming the source and line of the first bad line (never its token)
     */
    public static ApiTokens parse(List<String> lines, String source) {
        Map<String, Holder> byDigest = new LinkedHashMap<>();
        int plain = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new InvalidAccessConfiguration(where + ": expected 'ROLE TOKEN NAME' (3 fields), found "
                        + fields.length);
            }
            Role role = Role.byName(fields[0]).orElseThrow(() -> new InvalidAccessConfiguration(
                    where + ": role must be read or write"));
            String digest;
            if (DIGEST.matcher(fields[1]).matches()) {
                digest = fields[1].substring("sha256:".length()).toLowerCase(java.util.Locale.ROOT);
            } else if (TOKEN.matcher(fields[1]).matches()) {
                digest = digest(fields[1]);
                plain++;
            } else {
                throw new InvalidAccessConfiguration(where + ": the token must be sha256:<64 hex digits> or a token"
                        + " of at least 16 characters from A-Z a-z 0-9 - . _ ~ + /");
            }
            if (!NAME.matcher(fields[2]).matches()) {
                throw new InvalidAccessConfiguration(where + ": the name must be 1 to 64 printable characters");
            }
            if (byDigest.putIfAbsent(digest, new Holder(role, fields[2])) != null) {
                throw new InvalidAccessConfiguration(where + ": the same token is listed twice");
            }
        }
        return new ApiTokens(byDigest, plain);
    }

    /** These tokens and {@code other}'s; a token in both is refused. */
    ApiTokens and(ApiTokens other, String otherSource) {
        Map<String, Holder> all = new LinkedHashMap<>(byDigest);
        for (Map.Entry<String, Holder> e : other.byDigest.entrySet()) {
            if (all.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new InvalidAccessConfiguration(otherSource + ": token '" + e.getValue().name()
                        + "' is listed twice");
            }
        }
        return new ApiTokens(all, plainTokens + other.plainTokens);
    }

    /** The holder of a presented token, if it is one of these. */
    public Optional<Holder> holder(String presented) {
        return TOKEN.matcher(presented).matches() ? Optional.ofNullable(byDigest.get(digest(presented)))
                : Optional.empty();
    }

    public boolean isEmpty() {
        return byDigest.isEmpty();
    }

    public int size() {
        return byDigest.size();
    }

    /** How many tokens were given in plain text rather than as digests. */
    public int plainTokens() {
        return plainTokens;
    }

    /** The hex SHA-256 of a token's UTF-8 bytes, as a tokens file holds it after {@code sha256:}. */
    public static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The holders' names by role, for the start-up log (names only). */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        byDigest.values().forEach(h -> out.add(h.name() + " (" + h.role() + ")"));
        return out;
    }
}
