package ng.vaxtrace.connector.state;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A sync run as GET /api/v1/sync/{id} shows it. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRun(UUID id, String trigger, Status status, Instant startedAt, Instant finishedAt, int facilitiesTotal,
        int facilitiesDone, long cardsRead, long stockEvents, long referenceEvents, String error) {

    public enum Status {
        /** Reading OpenLMIS now. */
        RUNNING,
        /** Every facility's page set was read and its events acknowledged. */
        COMPLETED,
        /** Stopped by an error; the next sync resumes it, skipping the facilities already done. */
        FAILED,
        /** The process stopped while it ran; resumed like a failed run. */
        INTERRUPTED
    }
}
