package io.nicplan.service.admin.rest;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.nicplan.service.persistence.OnlineBackups;
import io.nicplan.service.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/backups")
@Tag(name = "Administration", description = "Backups of the service's database, request work")
class BackupController {

    private final OnlineBackups backups;

    public BackupController(OnlineBackups backups) {
        this.backups = backups;
    }

    /** What a backup request answers: where the zip is on the service's host, and its size. */
    public record BackupView(String file, long bytes, Instant takenAt) {
    }

    @Operation(summary = "Back up the embedded database while the service runs",
            description = "201 with the zip written under DATA_DIR/backups/ (restore it with `nicplan db restore` while"
                    + " the service is stopped); 409 when the database is not the embedded H2 one.")
    @ApiResponse(responseCode = "201", description = "written")
    @ApiResponse(responseCode = "409", description = "the database is not the embedded H2 one")
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<BackupView> create() {
        OnlineBackups.Backup b = backups.take().orElseThrow(() -> ApiProblem.conflict(
                "the service's database is not the embedded H2 one; back it up with its own server's tools"));
        return ResponseEntity.status(201).body(new BackupView(b.file().toString(), b.bytes(), b.takenAt()));
    }
}
