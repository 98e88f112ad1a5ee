package ng.vaxtrace.gateway.rooms;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.WebSocketConnection;

/** Which open connections are in which room. Thread-safe: joins come from event loops, deliveries from Kafka. */
@ApplicationScoped
public class RoomRegistry {

    private final Map<String, Set<WebSocketConnection>> members = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roomsOfConnection = new ConcurrentHashMap<>();

    public void join(Room room, WebSocketConnection connection) {
        members.computeIfAbsent(room.name(), r -> ConcurrentHashMap.newKeySet()).add(connection);
        roomsOfConnection.computeIfAbsent(connection.id(), c -> ConcurrentHashMap.newKeySet()).add(room.name());
    }

    public void leave(Room room, WebSocketConnection connection) {
        leave(room.name(), connection);
        Set<String> rooms = roomsOfConnection.get(connection.id());
        if (rooms != null) {
            rooms.remove(room.name());
        }
    }

    public void leaveAll(WebSocketConnection connection) {
        Set<String> rooms = roomsOfConnection.remove(connection.id());
        if (rooms != null) {
            rooms.forEach(room -> leave(room, connection));
        }
    }

    public Collection<WebSocketConnection> membersOf(Room room) {
        Set<WebSocketConnection> set = members.get(room.name());
        return set == null ? List.of() : set;
    }

    private void leave(String room, WebSocketConnection connection) {
        members.computeIfPresent(room, (name, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }
}
