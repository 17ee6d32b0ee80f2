package io.nicplan.service.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiTokensTest {
    private static final String TOKEN = "s3cret-token-abcdefgh";

    @Test
    void digestsAndPlainTokensFindTheirHolders() {
        ApiTokens t = ApiTokens.parse(List.of("write sha256:" + ApiTokens.digest(TOKEN).toUpperCase() + " ci",
                "  read   another-token-12345678   grafana  "), "f");
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.plainTokens()).isEqualTo(1);
        assertThat(t.holder(TOKEN)).contains(new ApiTokens.Holder(Role.WRITE, "ci"));
        assertThat(t.holder("another-token-12345678")).contains(new ApiTokens.Holder(Role.READ, "grafana"));
        assertThat(t.holder("s3cret-token-abcdefgX")).isEmpty();
        assertThat(ApiTokens.digest("test")).isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    }

    @Test
    void aBadLineIsNamedWithoutItsToken() {
        assertBad(List.of("", "admin " + TOKEN + " ci"), "f line 2: role must be read or write");
        assertBad(List.of("write " + TOKEN), "f line 1: expected 'ROLE TOKEN NAME'");
        assertBad(List.of("write short ci"), "f line 1: the token must be");
        assertBad(List.of("write sha256:abcd ci"), "f line 1: the token must be");
        assertBad(List.of("write " + TOKEN + " a", "read " + TOKEN + " b"), "f line 2: the same token is listed twice");
    }

    private static void assertBad(List<String> lines, String message) {
        assertThatThrownBy(() -> ApiTokens.parse(lines, "f")).isInstanceOf(InvalidAccessConfiguration.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }
}
