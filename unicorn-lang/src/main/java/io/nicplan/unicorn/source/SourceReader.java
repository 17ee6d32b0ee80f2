package io.nicplan.unicorn.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads Unicorn sources at the edge: the size is checked before any byte is read, and the bytes
 * are decoded as strict UTF-8 so that a bad byte is reported at its line and column instead of
 * turning silently into U+FFFD.
 */
public final class SourceReader {

    private SourceReader() {
    }

    /**
     * The text of a file of at most {@code maxBytes} bytes.
     *
     * @throws SourceException if the file is missing, unreadable, too large or not UTF-8
     */
    public static String read(Path file, String name, long maxBytes) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new SourceException(name, 1, 1, "", tooLarge(size, maxBytes));
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                // Read one byte more than allowed: the file may have grown since size() was asked.
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
            if (bytes.length > maxBytes) {
                throw new SourceException(name, 1, 1, "", tooLarge(bytes.length, maxBytes));
            }
            return decode(name, bytes);
        } catch (NoSuchFileException e) {
            throw new SourceException(name, "file not found");
        } catch (IOException e) {
            throw new SourceException(name, "cannot read file: " + e.getMessage());
        }
    }

    public static String tooLarge(long size, long maxBytes) {
        return "file is " + size + " bytes; the limit is " + maxBytes + " bytes";
    }

    /**
     * Decodes strict UTF-8, dropping a leading byte-order mark.
     *
     * @throws SourceException at the line and column of the first byte that is not UTF-8
     */
    public static String decode(String name, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            out.flip();
            String valid = out.toString();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < valid.length(); i++) {
                if (valid.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = valid.codePointCount(lineStart, valid.length()) + 1;
            throw new SourceException(name, line, column, valid.substring(lineStart) + "\uFFFD", String.format(
                    "byte 0x%02X at offset %d is not valid UTF-8 (sources must be UTF-8)", bytes[bad] & 0xFF, bad));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Size of {@code text} in UTF-8 bytes, stopping early once it exceeds {@code limit}. */
    public static long utf8Length(String text, long limit) {
        if (text.length() > limit) {
            return text.length();
        }
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= limit; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
