package io.nicplan.flexnic.ptf;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed packet-test file: the lines of its program section (device settings, tables, setup
 * updates) and its cases, each a named list of lines. Only the structure is parsed here;
 * {@link PacketTestRunner} interprets lines and reports errors as {@code file:line: message}.
 */
record PacketTestFile(String name, List<Line> programLines, List<Case> cases) {

    /** One non-blank line without its comment. */
    record Line(int number, String text) {
    }

    /** A case: its name, the line it starts on, its body. */
    record Case(String name, int line, List<Line> body) {
    }

    static PacketTestFile parse(String name, String content) {
        List<Line> program = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        String caseName = null;
        int caseLine = 0;
        List<Line> body = null;
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String text = stripComment(lines[i]).strip();
            if (text.isEmpty()) {
                continue;
            }
            Line line = new Line(i + 1, text);
            if (text.startsWith("case ") || text.equals("case")) {
                if (body != null) {
                    cases.add(new Case(caseName, caseLine, List.copyOf(body)));
                }
                List<String> t = tokens(text);
                if (t.size() != 2) {
                    throw new IllegalArgumentException(name + ":" + line.number() + ": case needs one quoted name");
                }
                caseName = t.get(1);
                caseLine = line.number();
                body = new ArrayList<>();
            } else if (body != null) {
                body.add(line);
            } else {
                program.add(line);
            }
        }
        if (body != null) {
            cases.add(new Case(caseName, caseLine, List.copyOf(body)));
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException(name + ": no 'case' in the file");
        }
        return new PacketTestFile(name, List.copyOf(program), List.copyOf(cases));
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Splits on whitespace; a double-quoted run is one token (without the quotes). */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in: " + text);
        }
        if (any) {
            out.add(current.toString());
        }
        return out;
    }
}
