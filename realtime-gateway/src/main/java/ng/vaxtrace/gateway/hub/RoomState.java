package ng.vaxtrace.gateway.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ng.vaxtrace.gateway.hub.Payloads.Marker;
import ng.vaxtrace.gateway.rooms.Room;

/**
 * One room's stream: its sequence, the last frames (for resume), its members and the map changes waiting for the
 * next flush. Only touched under the {@link RoomHub} lock, so plain collections.
 */
final class RoomState {

    private record Numbered(long seq, OutFrame frame) {
    }

    final Room room;
    final String name;
    final String epoch;
    final Set<Subscriber> members = new LinkedHashSet<>();
    /** facility|product → latest marker since the last flush (LGA rooms; aggregate rooms read statuses from stock:batch). */
    final Map<String, Marker> pendingMarkers = new LinkedHashMap<>();
    /** A facility room's summary changed since the last flush. */
    boolean facilityDirty;
    /**
     * Child areas whose counts changed since the last flush (aggregate rooms), each with the products whose counts
     * changed (empty: only its open alerts).
     */
    final Map<String, Set<String>> dirtyAreas = new java.util.TreeMap<>();
    /**
     * National, zone and state rooms: an aggregate snapshot kept current by counts (facility detail by page); with
     * {@link Room#changes()} also the stock changes, batched into one {@code stock:batch} frame per batch interval.
     */
    final boolean aggregate;
    /** Compact stock changes (JSON) waiting for the next batch flush. */
    final List<String> pendingBatch = new ArrayList<>();
    /** Changes in the room's last {@code stock:batch}, and the batch tick it went out at. */
    int lastBatchSize;
    long lastBatchTick;
    long emptySinceNanos;
    /** The last snapshot rendered and the sequence it was taken at: every joiner until the next frame shares it. */
    OutFrame cachedSnapshot;
    long cachedSnapshotSeq = -1;

    /** Which of the hub's flush ticks flushes this room (a room and its change-following twin share one). */
    final int phase;

    private final int capacity;
    private final ArrayDeque<Numbered> buffer;
    private long seq;
    /** A flushed frame still being handed out a slice of members at a time (see {@link #publishPaced}); null: none. */
    private OutFrame pacing;
    private Subscriber[] pacingTo;
    private int pacingNext;

    RoomState(Room room, String epoch, int capacity, long nowNanos, int phase) {
        this.phase = phase;
        this.room = room;
        this.name = room.name();
        this.epoch = epoch;
        this.capacity = capacity;
        this.buffer = new ArrayDeque<>(Math.min(capacity, 64));
        this.emptySinceNanos = nowNanos;
        this.aggregate = room.isAggregate();
    }

    long seq() {
        return seq;
    }

    /** Numbers, buffers and hands a frame to every member: one text for all of them. */
    void publish(String event, String id, String dataJson, String coalesceKey) {
        publishNumbered(numbered(event, id, dataJson, coalesceKey));
    }

    /** The next sequence number, for a frame whose data names it (a mid-stream snapshot). */
    long next() {
        return ++seq;
    }

    /** Buffers and hands out a frame already numbered with {@link #next()}. */
    void publishNumbered(OutFrame frame) {
        finishPacing(); // every member has the frame before this one first
        buffer(frame);
        for (Subscriber member : members) {
            member.offer(frame);
        }
    }

    /**
     * Numbers and buffers a coalesced frame, hands it to the first {@code slice} members now and leaves the rest to
     * {@link #continuePacing}. Thousands of dashboards of one room (2,000 national counts screens) each getting a
     * frame in the same instant queue thousands of writes on the event loops, ahead of every live change for the
     * other rooms; a slice per tick spreads them. Order is kept: any later frame of the room first finishes this one.
     * Returns whether members are still waiting for it.
     */
    boolean publishPaced(String event, String dataJson, String coalesceKey, int slice) {
        if (members.size() <= slice) {
            publish(event, null, dataJson, coalesceKey);
            return false;
        }
        finishPacing();
        pacing = numbered(event, null, dataJson, coalesceKey);
        buffer(pacing);
        pacingTo = members.toArray(new Subscriber[0]);
        pacingNext = 0;
        return continuePacing(slice);
    }

    /** Hands the paced frame to the next {@code slice} members still in the room; false once every one has it. */
    boolean continuePacing(int slice) {
        if (pacing == null) {
            return false;
        }
        int end = (int) Math.min(pacingTo.length, (long) pacingNext + slice);
        for (; pacingNext < end; pacingNext++) {
            if (members.contains(pacingTo[pacingNext])) { // one who left the room meanwhile is not sent its frames
                pacingTo[pacingNext].offer(pacing);
            }
        }
        if (pacingNext < pacingTo.length) {
            return true;
        }
        pacing = null;
        pacingTo = null;
        return false;
    }

    /** Hands a paced frame to every member still waiting for it. */
    void finishPacing() {
        continuePacing(Integer.MAX_VALUE);
    }

    /** The room's next frame, numbered; its coalesce key scoped to the room. */
    private OutFrame numbered(String event, String id, String dataJson, String coalesceKey) {
        return OutFrame.room(event, name, ++seq, id, dataJson, coalesceKey == null ? null : name + "|" + coalesceKey);
    }

    private void buffer(OutFrame frame) {
        buffer.addLast(new Numbered(seq, frame));
        if (buffer.size() > capacity) {
            buffer.removeFirst();
        }
    }

    /** The buffered frames after {@code after}, or null when some of them are no longer buffered (or never were). */
    List<OutFrame> framesAfter(String clientEpoch, long after) {
        if (!epoch.equals(clientEpoch) || after > seq || after < 0) {
            return null;
        }
        long oldest = buffer.isEmpty() ? seq + 1 : buffer.peekFirst().seq();
        if (after + 1 < oldest) {
            return null;
        }
        List<OutFrame> missed = new ArrayList<>();
        for (Numbered numbered : buffer) {
            if (numbered.seq() > after) {
                missed.add(numbered.frame());
            }
        }
        return missed;
    }
}
