package ng.vaxtrace.gateway.auth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import ng.vaxtrace.gateway.rooms.Room;

/**
 * The check point for "may this principal watch this room". Today: a principal without area restrictions may join
 * any room; one with areas only rooms within them (by code prefix: {@code NG-KN} covers {@code NG-KN-017} and its
 * facilities). The security issue replaces or refines this bean with claims from the token.
 */
@ApplicationScoped
@DefaultBean
public class RoomAccessPolicy {

    public boolean mayJoin(GatewayPrincipal principal, Room room) {
        if (principal.areas().isEmpty()) {
            return true;
        }
        return principal.areas().stream().anyMatch(area -> room.code().equals(area) || room.code().startsWith(area + "-"));
    }
}
