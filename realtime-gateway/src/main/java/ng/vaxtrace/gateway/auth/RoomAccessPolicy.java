package ng.vaxtrace.gateway.auth;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.gateway.rooms.FacilityAreas;
import ng.vaxtrace.gateway.rooms.Room;
import ng.vaxtrace.security.Caller;

/**
 * May this caller watch this room: an area room only within the caller's area, a facility room only for a facility
 * within it (a facility officer: only their own). Every frame of a room concerns facilities inside the room, so the
 * join is the one check needed.
 */
@ApplicationScoped
public class RoomAccessPolicy {

    private final FacilityAreas facilityAreas;

    public RoomAccessPolicy(FacilityAreas facilityAreas) {
        this.facilityAreas = facilityAreas;
    }

    /** Why the caller may not join the room, or empty when it may. */
    public Optional<String> refusal(Caller caller, Room room) {
        String scope = caller.scope().code();
        if (!room.isFacility()) {
            return caller.coversArea(room.code()) ? Optional.empty()
                    : Optional.of(room.name() + " is outside your area (" + scope + ")");
        }
        if (caller.isNational()) {
            return Optional.empty();
        }
        if (caller.facility() != null) {
            return caller.facility().equals(room.code()) ? Optional.empty()
                    : Optional.of("facility " + room.code() + " is not yours (" + scope + ")");
        }
        Optional<FacilityArea> area = facilityAreas.of(room.code());
        if (area.isEmpty()) {
            return Optional.of("facility " + room.code() + " has not reported to this gateway yet, so it cannot tell whether "
                    + "the facility lies within your area (" + scope + "); subscribe to your area's room, or retry later");
        }
        return caller.coversFacility(room.code(), area.get()) ? Optional.empty()
                : Optional.of("facility " + room.code() + " is outside your area (" + scope + ")");
    }
}
