package io.nicplan.flexnic.packet;

/** The low eight TCP flag bits (RFC 793, RFC 3168 for ECE and CWR). */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private TcpFlags() {
    }

    /**
     * Parses flag letters as tcpdump prints them: F S R P . (ACK) U E W, e.g. {@code S.} for
     * SYN-ACK.
     *
     * @throws IllegalArgumentException naming the letter that is not a flag
     */
    public static int parse(String letters) {
        int flags = 0;
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            flags |= switch (c) {
                case 'F' -> FIN;
                case 'S' -> SYN;
                case 'R' -> RST;
                case 'P' -> PSH;
                case '.', 'A' -> ACK;
                case 'U' -> URG;
                case 'E' -> ECE;
                case 'W', 'C' -> CWR;
                default -> throw new IllegalArgumentException("unknown TCP flag '" + c + "' in '" + letters
                        + "' (use F S R P . U E W)");
            };
        }
        return flags;
    }
}
