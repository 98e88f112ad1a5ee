package ng.vaxtrace.alert.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.core.JsonGenerator;

import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.alert.store.AlertRows;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.security.Callers;

/**
 * Every unresolved alert of an area in one answer: what a dashboard server (the realtime-gateway's warm start) needs
 * to start from the whole picture. The alerts are those the list gives page by page with its defaults, under the same
 * area rules (docs/security-alert.md), written straight from the rows ({@link AlertRows#write}) in one pass: for all of
 * Nigeria (tens of thousands) that is several times faster than the list's pages (docs/benchmarks.md).
 */
@Path("/api/v1/areas/{area}/open-alerts")
@Produces(MediaType.APPLICATION_JSON)
public class OpenAlertsResource {

    /** Bytes of JSON per alert, about: sizes the buffer once for the usual alert. */
    private static final int BYTES_PER_ALERT = 600;

    private final Pool pool;
    private final Callers callers;
    private final SecurityIdentity identity;

    public OpenAlertsResource(Pool pool, Callers callers, SecurityIdentity identity) {
        this.pool = pool;
        this.callers = callers;
        this.identity = identity;
    }

    @GET
    @Authenticated
    @Operation(summary = "Every unresolved alert of an area, in one answer",
            description = "{area, count, items:[alert…]}: the OPEN and ACKNOWLEDGED alerts of the area, newest first (by raisedAt), "
                    + "each exactly as the list (GET /api/v1/alerts) writes it; what GET /api/v1/alerts?area=…&limit=5000 gives "
                    + "page after page, without the pages. Same area rules as the list: an area outside the caller's → 403; a "
                    + "facility officer gets its own facility's alerts. Not cached, no ETag: it is read once, at a start.")
    @APIResponse(responseCode = "400", description = "Unknown area code")
    @APIResponse(responseCode = "403", description = "The area is outside the caller's")
    public Uni<Response> openAlerts(
            @Parameter(description = "NG, a zone (NG-NW), a state (NG-KN) or an LGA (NG-KN-017)") @PathParam("area") String area) {
        Caller caller = callers.of(identity);
        // Trimmed first: what is left must name an area ("%00" trims to nothing, and nothing would mean the caller's own area).
        String code = area == null ? "" : area.trim().toUpperCase(Locale.ROOT);
        if (code.isEmpty()) {
            throw ProblemException.invalid("area", "an area code is required (NG, a zone like NG-NW, a state like NG-KN or an LGA like NG-KN-017)");
        }
        Log.debugf("open alerts of %s for %s", code, caller.actor());
        return AlertFilter.placed(pool, caller, code, null, null, null, null, null, null, null)
                .flatMap(filter -> pool.preparedQuery("select " + AlertRows.COLUMNS + " from alert where " + filter.where()
                        + " order by raised_at desc, id desc").execute(Tuple.from(filter.params())))
                // Tens of thousands of alerts are megabytes of JSON: written on a worker, never on the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> Response.ok(json(code, rows), MediaType.APPLICATION_JSON_TYPE).build());
    }

    private static byte[] json(String area, RowSet<Row> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * BYTES_PER_ALERT + 64);
        try (JsonGenerator json = EventJson.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("area", area);
            json.writeNumberField("count", rows.size());
            json.writeArrayFieldStart("items");
            for (Row row : rows) {
                AlertRows.write(row, json);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
