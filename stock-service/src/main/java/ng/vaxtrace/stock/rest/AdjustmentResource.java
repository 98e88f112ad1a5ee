package ng.vaxtrace.stock.rest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.AdjustmentReason;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.InputLimits;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.stock.adjustment.AdjustmentService;
import ng.vaxtrace.stock.adjustment.AdjustmentService.Adjustment;

/** Manual stock adjustments by officers in scope and administrators (analysts are read-only). */
@Path("/api/v1/facilities/{facilityCode}/adjustments")
@Tag(name = "Facilities")
@Authenticated
public class AdjustmentResource {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final int MAX_NOTE = 500;

    private final AdjustmentService adjustments;
    private final Access access;
    private final Filters filters;
    private final Clock clock;
    private final InputLimits limits;

    public AdjustmentResource(AdjustmentService adjustments, Access access, Filters filters, Clock clock, InputLimits limits) {
        this.adjustments = adjustments;
        this.access = access;
        this.filters = filters;
        this.clock = clock;
        this.limits = limits;
    }

    /** The request body. */
    public record AdjustmentRequest(String productCode, String lotCode, LocalDate lotExpiry, Long quantity, String reason,
            Instant occurredAt, String note) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Adjust a lot's balance", description = "A signed, non-zero quantity with a reason (" + "CORRECTION, FOUND, LOST, "
            + "STOLEN, RETURNED, OPEN_VIAL_WASTAGE, OTHER). lotCode is omitted for products not tracked by lot; lotExpiry is needed "
            + "only for a lot not known yet. occurredAt defaults to now. With an Idempotency-Key header a retry gets the first "
            + "answer instead of a second adjustment. Applied like any stock event (ledger, balance, published level change) and "
            + "audited with the lot balance before and after.")
    @APIResponse(responseCode = "201", description = "Applied: the event id and the lot balance after it")
    @APIResponse(responseCode = "400", description = "A field is missing or malformed (named in errors)")
    @APIResponse(responseCode = "403", description = "Analysts, or a facility outside the caller's area")
    @APIResponse(responseCode = "422", description = "The ledger refused it (for example: it would make stock negative); also listed in rejected events")
    public Uni<Response> adjust(@PathParam("facilityCode") String facilityCode, @HeaderParam("Idempotency-Key") String idempotencyKey,
            AdjustmentRequest body) {
        Filters.code("facilityCode", facilityCode);
        Caller caller = access.caller();
        caller.requireWrite();
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1-128 visible ASCII characters");
        }
        if (body == null) {
            throw ProblemException.invalid("body", "is required: {productCode, quantity, reason, ...}");
        }
        return access.facility(caller, facilityCode)
                .flatMap(area -> filters.product("productCode", required("productCode", body.productCode())))
                .flatMap(product -> lot(body))
                .map(lot -> validated(facilityCode, body, lot))
                .flatMap(adjustment -> adjustments.adjust(caller, adjustment,
                        AdjustmentService.eventId(facilityCode, caller.actor(), idempotencyKey)))
                .map(outcome -> {
                    if (outcome.conflict() != null) {
                        return Response.status(422).type(Problem.MEDIA_TYPE).entity(new Problem("about:blank", "Idempotency-Key reused", 422,
                                outcome.conflict(), List.of(new FieldViolation("Idempotency-Key", outcome.conflict())))).build();
                    }
                    if (outcome.rejection() != null) {
                        return Response.status(422).type(Problem.MEDIA_TYPE)
                                .entity(Problem.of(422, "Adjustment not applied", outcome.rejection())).build();
                    }
                    return Response.status(201).type(MediaType.APPLICATION_JSON).entity(outcome.applied()).build();
                });
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw ProblemException.invalid(field, "is required");
        }
        return Filters.code(field, value);
    }

    /** The lot: none for untracked products; the known expiry of an existing lot, or the one given for a new lot. */
    private static Uni<Lot> lot(AdjustmentRequest body) {
        if (body.lotCode() == null) {
            if (body.lotExpiry() != null) {
                throw ProblemException.invalid("lotExpiry", "is only meaningful with a lotCode");
            }
            return Uni.createFrom().nullItem();
        }
        if (!StockEventValidator.LOT_CODE.matcher(body.lotCode()).matches()) {
            throw ProblemException.invalid("lotCode", "must be 1-64 letters, digits, '.', '_', '/' or '-'");
        }
        return AdjustmentService.knownExpiry(body.productCode(), body.lotCode()).map(known -> {
            if (known == null && body.lotExpiry() == null) {
                throw ProblemException.invalid("lotExpiry", "is required for lot " + body.lotCode() + ", which is not known yet");
            }
            if (known != null && body.lotExpiry() != null && !known.equals(body.lotExpiry())) {
                throw ProblemException.invalid("lotExpiry", "lot " + body.lotCode() + " is known to expire on " + known);
            }
            return new Lot(body.lotCode(), known != null ? known : body.lotExpiry());
        });
    }

    private Adjustment validated(String facilityCode, AdjustmentRequest body, Lot lot) {
        Instant occurredAt = body.occurredAt() == null ? clock.instant() : body.occurredAt();
        StockEvent event = new StockEvent(facilityCode, body.productCode(), lot, body.quantity(), occurredAt,
                AdjustmentService.SOURCE_SYSTEM, null, body.reason(), null);
        List<FieldViolation> violations = new ArrayList<>();
        for (FieldViolation v : StockEventValidator.validate(StockEventType.ADJUSTMENT, event, clock.instant(), limits)) {
            String field = switch (v.field()) {
                case "lot.code" -> "lotCode";
                case "lot.expiry" -> "lotExpiry";
                case "reason" -> "reason";
                default -> v.field();
            };
            violations.add(new FieldViolation(field, field.equals("reason")
                    ? "is required, one of " + Arrays.toString(AdjustmentReason.values()) : v.message()));
        }
        if (body.note() != null && body.note().length() > MAX_NOTE) {
            violations.add(new FieldViolation("note", "must be at most " + MAX_NOTE + " characters"));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.invalid("invalid adjustment", violations));
        }
        return new Adjustment(facilityCode, body.productCode(), lot, body.quantity(), body.reason(), occurredAt, body.note());
    }
}
