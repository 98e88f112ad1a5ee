package ng.vaxtrace.gateway.auth;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.gateway.client.StockFacilities;
import ng.vaxtrace.gateway.client.StockFacilities.Outside;
import ng.vaxtrace.gateway.client.StockFacilities.Placed;
import ng.vaxtrace.gateway.client.StockFacilities.Placement;
import ng.vaxtrace.gateway.client.StockFacilities.Unknown;
import ng.vaxtrace.gateway.rooms.FacilityAreas;
import ng.vaxtrace.gateway.rooms.Room;
import ng.vaxtrace.security.Caller;

/**
 * May this caller watch this room: an area room only within the caller's area, a facility room only for a facility
 * within it (a facility officer: only their own). Every frame of a room concerns facilities inside the room, so the
 * join is the one check needed. Where a facility lies is known from its events ({@link FacilityAreas}); for one not
 * seen yet, stock-service is asked with the caller's own token ({@link StockFacilities}) and the answer remembered.
 */
@ApplicationScoped
public class RoomAccessPolicy {

    private final FacilityAreas facilityAreas;
    private final StockFacilities stock;

    public RoomAccessPolicy(FacilityAreas facilityAreas, StockFacilities stock) {
        this.facilityAreas = facilityAreas;
        this.stock = stock;
    }

    /**
     * Why the caller may not join the room, or empty when it may. Answers at once, except for a facility the gateway
     * has not seen, which takes one bounded request to stock-service.
     */
    public Uni<Optional<String>> refusal(Caller caller, BearerToken token, Room room) {
        String scope = caller.scope().code();
        if (!room.isFacility()) {
            return answer(caller.coversArea(room.code()) ? null : room.name() + " is outside your area (" + scope + ")");
        }
        if (caller.isNational()) {
            return answer(null);
        }
        if (caller.facility() != null) {
            return answer(caller.facility().equals(room.code()) ? null : "facility " + room.code() + " is not yours (" + scope + ")");
        }
        Optional<FacilityArea> known = facilityAreas.of(room.code());
        if (known.isPresent()) {
            return answer(covers(caller, room, known.get()));
        }
        if (!stock.enabled() || token == null) {
            return answer("facility " + room.code() + " has not reported to this gateway yet, so it cannot tell whether "
                    + "the facility lies within your area (" + scope + "); subscribe to your area's room, or retry later");
        }
        return stock.place(room.code(), caller.role().claimValue() + ':' + scope, token)
                .map(placement -> Optional.ofNullable(verdict(caller, room, placement)));
    }

    private String verdict(Caller caller, Room room, Placement placement) {
        String scope = caller.scope().code();
        if (placement instanceof Placed placed) {
            facilityAreas.learn(room.code(), placed.area());
            return covers(caller, room, placed.area());
        }
        if (placement instanceof Outside) {
            return "facility " + room.code() + " is outside your area (" + scope + ")";
        }
        if (placement instanceof Unknown) {
            return "facility " + room.code() + " is not a known facility";
        }
        return "facility " + room.code() + " could not be placed now (stock-service did not answer where it lies); "
                + "retry shortly, or subscribe to your area's room";
    }

    private static String covers(Caller caller, Room room, FacilityArea area) {
        return caller.coversFacility(room.code(), area) ? null
                : "facility " + room.code() + " is outside your area (" + caller.scope().code() + ")";
    }

    private static Uni<Optional<String>> answer(String refusal) {
        return Uni.createFrom().item(Optional.ofNullable(refusal));
    }
}
