package io.nicplan.flexnic.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapReaderTest {

    @TempDir
    Path dir;

    @Test
    void writerOutputStartsWithTheClassicHeader() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(bytes, 96)) {
            writer.write(3_000_500_000L, new byte[200], 0, 200);
        }
        byte[] b = bytes.toByteArray();
        assertThat(Arrays.copyOfRange(b, 0, 4)).containsExactly(0xa1, 0xb2, 0xc3, 0xd4);
        assertThat(b).hasSize(24 + 16 + 96);
        Path file = dir.resolve("snap.pcap");
        Files.write(file, b);
        PcapReader.Record r = PcapReader.readAll(file).get(0);
        assertThat(r.timeNanos()).isEqualTo(3_000_500_000L);
        assertThat(r.frame()).hasSize(96);
        assertThat(r.originalLength()).isEqualTo(200);
    }

    @Test
    void rejectsWhatIsNotAClassicEthernetPcapSayingWhere() throws IOException {
        Path notPcap = dir.resolve("x.pcap");
        Files.write(notPcap, new byte[40]);
        assertThatThrownBy(() -> PcapReader.readAll(notPcap)).hasMessageContaining("offset 0: not a classic pcap file");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(bytes, 65535)) {
            writer.write(0, new byte[60], 0, 60);
        }
        Path truncated = dir.resolve("t.pcap");
        Files.write(truncated, Arrays.copyOf(bytes.toByteArray(), 24 + 16 + 30));
        assertThatThrownBy(() -> PcapReader.readAll(truncated)).hasMessageContaining("offset 24: record claims 60 bytes, 30 remain");
    }
}
