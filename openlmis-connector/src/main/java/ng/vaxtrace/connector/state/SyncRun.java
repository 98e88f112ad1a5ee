package ng.vaxtrace.connector.state;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A sync run as GET /api/v1/sync/{id} shows it. A run stopped part-way is resumed later under the same id, first
 * trigger and start time: {@code attempts} counts its starts, {@code resumedAt} / {@code resumedBy} say when and by
 * whom it was last resumed, and {@code resumedFrom} how many facilities were already done then.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRun(UUID id, String trigger, Status status, Instant startedAt, Instant finishedAt, int facilitiesTotal,
        int facilitiesDone, long cardsRead, long stockEvents, long referenceEvents, int facilitiesUnplaced, long outageSeconds,
        int attempts, Instant resumedAt, String resumedBy, Integer resumedFrom, String error) {

    public enum Status {
        /** Reading OpenLMIS now (possibly waiting out an outage within its budget). */
        RUNNING,
        /** Every facility's page set was read and its events acknowledged; every facility was placed in its LGA. */
        COMPLETED,
        /**
         * As COMPLETED, but some facilities could not be placed in their LGA: placed at their state or quarantined,
         * listed at {@code /api/v1/sync/{id}/unplaced}.
         */
        COMPLETED_WITH_WARNINGS,
        /** Stopped by an error; the next sync resumes it, skipping the facilities already done. */
        FAILED,
        /** The process stopped while it ran; resumed like a failed run. */
        INTERRUPTED
    }
}
