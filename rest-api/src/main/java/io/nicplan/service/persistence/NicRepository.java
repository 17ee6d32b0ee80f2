package io.nicplan.service.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** NIC descriptions in table {@code nic_description}. */
@Repository
public class NicRepository {
    private final JdbcClient jdbc;

    public NicRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(NicRecord nic) {
        jdbc.sql("INSERT INTO nic_description (id, name, source, summary, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(nic.id(), nic.name(), nic.source(), nic.summaryJson(), nic.createdAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    public Optional<NicRecord> findById(String id) {
        return jdbc.sql("SELECT * FROM nic_description WHERE id = ?").param(id).query(NicRepository::row).optional();
    }

    /** The most recently added description of this name. */
    public Optional<NicRecord> findByName(String name) {
        return jdbc.sql("SELECT * FROM nic_description WHERE name = ? ORDER BY created_at DESC, id LIMIT 1")
                .param(name).query(NicRepository::row).optional();
    }

    public List<NicRecord> findAll() {
        return jdbc.sql("SELECT * FROM nic_description ORDER BY created_at, id").query(NicRepository::row).list();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM nic_description WHERE id = ?").param(id).update() > 0;
    }

    private static NicRecord row(ResultSet rs, int n) throws SQLException {
        return new NicRecord(rs.getString("id"), rs.getString("name"), rs.getString("source"), rs.getString("summary"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
