package io.nicplan.flexnic.packet;

/** The TCP timestamps option (RFC 7323): the sender's clock value and the value it echoes. */
public record TcpTimestamps(int value, int echoReply) {
}
