package io.nicplan.service.admin.rest;

import io.nicplan.service.work.RequestWork;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/admin/work}: how much request work runs and waits, and how it has ended since start-up. */
@RestController
@RequestMapping("/api/admin/work")
@Tag(name = "Administration", description = "Backups of the service's database, request work")
class WorkController {
    private final RequestWork work;

    public WorkController(RequestWork work) {
        this.work = work;
    }

    @Operation(summary = "Request work: running, waiting, completed, failed, stopped (client gone, deadline)")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public RequestWork.Counts counts() {
        return work.counts();
    }
}
