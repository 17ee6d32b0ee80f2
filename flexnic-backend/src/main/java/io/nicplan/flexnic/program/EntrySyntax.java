package io.nicplan.flexnic.program;

import io.nicplan.graph.predicate.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text form of matches and actions, as {@code toString} prints them:
 * <ul>
 *   <li>match: {@code ip.dst=10.0.0.1} (exact), {@code ip.src=10.1.0.0&&&255.255.0.0} (ternary,
 *       P4 syntax), {@code ip.dst=10.0.0.0/8} (LPM); values in the field's format or a symbol
 *       ({@code ip.proto=tcp});</li>
 *   <li>action: primitives separated by spaces, {@code queue(2)}, {@code rss(ctx)},
 *       {@code drop}, {@code fastpath}, {@code dma(ring: ip.src, l4.dport, payload)},
 *       {@code mark(0x5)} or {@code mark(0x5/0xff)}, {@code hash(buckets)}, {@code rate(class)}, {@code count(name)};
 *       {@code none} for no action.</li>
 * </ul>
 * Errors are {@link IllegalArgumentException}s quoting the offending text.
 */
public final class EntrySyntax {

    private EntrySyntax() {
    }

    /** Parses one match term. */
    public static FieldMatch parseMatch(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("match '" + text + "' is not field=value");
        }
        String name = text.substring(0, eq);
        HeaderField field = HeaderField.byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown field '" + name + "' in match '" + text + "'"));
        String rhs = text.substring(eq + 1);
        int ternary = rhs.indexOf("&&&");
        if (ternary >= 0) {
            return new FieldMatch.Ternary(field, value(field, rhs.substring(0, ternary), text),
                    value(field, rhs.substring(ternary + 3), text));
        }
        int slash = rhs.lastIndexOf('/');
        if (slash >= 0) {
            String len = rhs.substring(slash + 1);
            try {
                return new FieldMatch.Lpm(field, value(field, rhs.substring(0, slash), text), Integer.parseInt(len));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("prefix length '" + len + "' in match '" + text + "' is not a number", e);
            }
        }
        return new FieldMatch.Exact(field, value(field, rhs, text));
    }

    /** Parses an action: primitives separated by spaces (parentheses may contain spaces). */
    public static ActionSpec parseAction(String text) {
        List<Action> primitives = new ArrayList<>();
        for (String token : splitTopLevel(text.trim())) {
            if (token.equals("none")) {
                continue;
            }
            primitives.add(parsePrimitive(token));
        }
        return new ActionSpec(primitives);
    }

    /** Splits on whitespace outside parentheses. */
    public static List<String> splitTopLevel(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (Character.isWhitespace(c) && depth == 0) {
                if (current.length() > 0) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced parentheses in '" + text + "'");
        }
        if (current.length() > 0) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    private static Action parsePrimitive(String token) {
        String name = token;
        String arg = null;
        int open = token.indexOf('(');
        if (open >= 0) {
            if (!token.endsWith(")")) {
                throw new IllegalArgumentException("action '" + token + "' must end with ')'");
            }
            name = token.substring(0, open);
            arg = token.substring(open + 1, token.length() - 1).trim();
        }
        switch (name.toLowerCase(Locale.ROOT)) {
            case "drop":
                noArgument(token, arg);
                return new Action.Drop();
            case "fastpath":
                noArgument(token, arg);
                return new Action.FastPath();
            case "queue":
                return new Action.Queue((int) number(required(token, arg), token));
            case "rss":
                return new Action.Rss(required(token, arg));
            case "rate":
                return new Action.RateLimit(required(token, arg));
            case "count":
                return new Action.Count(required(token, arg));
            case "hash":
                return new Action.SetHash((int) number(required(token, arg), token));
            case "mark": {
                String a = required(token, arg);
                int slash = a.indexOf('/');
                return slash < 0 ? new Action.SetMark(number(a, token), 0xffffffffL)
                        : new Action.SetMark(number(a.substring(0, slash), token), number(a.substring(slash + 1), token));
            }
            case "dma": {
                String a = required(token, arg);
                int colon = a.indexOf(':');
                String ring = (colon < 0 ? a : a.substring(0, colon)).trim();
                List<HeaderField> fields = new ArrayList<>();
                boolean payload = false;
                if (colon >= 0) {
                    for (String part : a.substring(colon + 1).split("[,\\s]+")) {
                        if (part.isEmpty()) {
                            continue;
                        }
                        if (part.equals("payload")) {
                            payload = true;
                        } else {
                            fields.add(HeaderField.byName(part).orElseThrow(() -> new IllegalArgumentException(
                                    "unknown field '" + part + "' in action '" + token + "'")));
                        }
                    }
                }
                return new Action.Dma(ring, fields, payload);
            }
            default:
                throw new IllegalArgumentException("unknown action '" + token
                        + "' (queue, rss, drop, fastpath, dma, mark, rate, count, none)");
        }
    }

    private static long value(HeaderField field, String text, String whole) {
        return FieldValues.parse(field, text).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a value of " + field + " (" + field.width() + " bits) in match '" + whole + "'"));
    }

    private static long number(String text, String token) {
        try {
            String t = text.trim().toLowerCase(Locale.ROOT);
            return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' in action '" + token + "' is not a number", e);
        }
    }

    private static String required(String token, String arg) {
        if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("action '" + token + "' needs an argument in parentheses");
        }
        return arg;
    }

    private static void noArgument(String token, String arg) {
        if (arg != null) {
            throw new IllegalArgumentException("action '" + token + "' takes no argument");
        }
    }
}
