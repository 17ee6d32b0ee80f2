package io.nicplan.service.persistence;

import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Checks the embedded database file against its seal before the data source first opens it, and seals it again
 * once the data source has closed it ({@link DatabaseFileSeal}). Every data source depends on the guard, so
 * Spring creates the guard first and destroys it last.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseFileSealing {
    private static final String GUARD = "databaseFileGuard";

    @Bean(GUARD)
    Guard databaseFileGuard(@Value("${spring.datasource.url:}") String jdbcUrl, @Value("${nicplan.data-dir}") Path dataDir) {
        return new Guard(DatabaseFileSeal.of(jdbcUrl, dataDir));
    }

    @Bean
    static DataSourcesAfterGuard dataSourcesAfterGuard() {
        return new DataSourcesAfterGuard();
    }

    static final class DataSourcesAfterGuard extends AbstractDependsOnBeanFactoryPostProcessor {
        DataSourcesAfterGuard() {
            super(DataSource.class, GUARD);
        }
    }

    /** Checks and breaks the seal when created; seals the closed file when closed. */
    static final class Guard implements AutoCloseable {
        private final Optional<DatabaseFileSeal> seal;

        Guard(Optional<DatabaseFileSeal> seal) {
            this.seal = seal;
            seal.ifPresent(DatabaseFileSeal::beforeOpening);
        }

        @Override
        public void close() {
            seal.ifPresent(DatabaseFileSeal::sealIfClosed);
        }
    }
}
