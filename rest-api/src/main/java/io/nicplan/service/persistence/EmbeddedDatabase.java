package io.nicplan.service.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Whether the database is embedded in this process (H2 in file or memory mode: the file is locked, so only this
 * process opens it) or may be shared with other instances of the service (PostgreSQL). Over an embedded database
 * every write passes this process's repositories, so what they keep in memory is exact; over a shared one another
 * instance may change or delete a row at any time.
 */
@Component
public class EmbeddedDatabase {
    private final boolean embedded;

    public EmbeddedDatabase(DataSource dataSource) {
        this.embedded = embedded(dataSource);
    }

    private static boolean embedded(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            // H2's server modes (tcp:, ssl:) and AUTO_SERVER let other processes in: those are shared.
            return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:")
                    && !url.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
        } catch (SQLException e) {
            return false;
        }
    }

    /** Whether only this process can open the database, so no other instance writes to it. */
    public boolean isEmbedded() {
        return embedded;
    }
}
