package ng.vaxtrace.connector.sync;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.connector.client.OpenLmisClient;
import ng.vaxtrace.connector.config.ConnectorConfig;
import ng.vaxtrace.connector.messaging.ReferencePublisher;
import ng.vaxtrace.connector.state.IdMapping;
import ng.vaxtrace.connector.state.SyncStore;
import ng.vaxtrace.connector.state.UnplacedFacility;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.data.AreaAliases;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.data.ProductCatalogue;

/**
 * Reads OpenLMIS's reference data (program, geographic zones, orderables, lots, facilities), keeps the map from
 * OpenLMIS ids to our codes, and publishes a reference event for each product, lot and facility that is new or
 * changed since it was last published (the event id is derived from the content, so a re-publish is dropped).
 */
@ApplicationScoped
public class ReferenceSync {

    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    /** What the stock sync needs from the reference sync. */
    public record Result(String programId, List<IdMapping> facilities, long eventsPublished, List<UnplacedFacility> unplaced) {
    }

    private final OpenLmisClient client;
    private final SyncStore store;
    private final ReferencePublisher publisher;
    private final ConnectorConfig config;
    /** Worker thread only: a new one per run, so the matcher's memo and its fuzzy-match logs are per run. */
    private ReferenceMapper mapper;
    private final MeterRegistry registry;
    /** Trade-item id (orderable identifiers.tradeItem) → product code: lots name their trade item. Worker thread only. */
    private final Map<String, String> tradeItemIds = new HashMap<>();

    public ReferenceSync(OpenLmisClient client, SyncStore store, ReferencePublisher publisher, ConnectorConfig config, MeterRegistry registry) {
        this.client = client;
        this.store = store;
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
    }

    public Result run() {
        Log.debug("reference sync");
        List<OpenLmis.Program> programs = client.programs();
        OpenLmis.Program program = programs.stream().filter(p -> config.programCode().equals(p.code())).findFirst()
                .orElseThrow(() -> new ProgramNotFound(config.programCode(), programs));
        AreaMatcher areas = new AreaMatcher(Geography.nigeria(), AreaAliases.nigeria(), config.levels());
        mapper = new ReferenceMapper(areas, config.facilityTypes(), ProductCatalogue.all(), Catchments.of(config));
        List<IdMapping> ids = new ArrayList<>();
        ids.add(new IdMapping(IdMapping.PROGRAM, program.id(), config.programCode(), null, null, null));
        for (OpenLmis.Zone zone : readAll(client::zones)) {
            String code = areas.code(zone);
            if (code != null) {
                ids.add(new IdMapping(IdMapping.ZONE, zone.id(), code, null, null, null));
            } else if (areas.mapsToAnArea(zone)) {
                error("zone-unmapped");
                Log.warnf("OpenLMIS zone %s is not one of our areas (nor a known alias)", AreaMatcher.describe(zone));
            }
        }
        store.saveIds(ids).await().atMost(DB_TIMEOUT);
        long published = products(program.id());
        published += lots();
        List<IdMapping> facilities = new ArrayList<>();
        List<UnplacedFacility> unplaced = new ArrayList<>();
        published += facilities(program.id(), facilities, unplaced);
        return new Result(program.id(), facilities, published, unplaced);
    }

    /** The configured program is not in OpenLMIS: the message lists the programs it has, so the fix is obvious. */
    public static final class ProgramNotFound extends IllegalStateException {
        public ProgramNotFound(String code, List<OpenLmis.Program> programs) {
            super("program " + code + " not found in OpenLMIS; it has " + (programs.isEmpty() ? "no programs"
                    : programs.stream().map(p -> p.code() + " (" + p.name() + ")").collect(Collectors.joining(", ")))
                    + "; set OPENLMIS_PROGRAM_CODE to one of them");
        }
    }

    /** Commodity-type orderables of the program → products; their trade items → the same product code. */
    private long products(String programId) {
        List<OpenLmis.Orderable> orderables = readAll(client::orderables);
        Map<String, String> commodityOfTradeItem = new HashMap<>();
        client.fulfills().forEach((orderableId, fulfills) -> {
            if (fulfills.canFulfillForMe() != null) {
                fulfills.canFulfillForMe().forEach(tradeItem -> commodityOfTradeItem.put(tradeItem, orderableId));
            }
            if (fulfills.canBeFulfilledByMe() != null) {
                fulfills.canBeFulfilledByMe().forEach(commodity -> commodityOfTradeItem.put(orderableId, commodity));
            }
        });
        Map<String, IdMapping> known = store.ids(IdMapping.PRODUCT).await().atMost(DB_TIMEOUT);
        Map<String, String> productOfOrderable = new HashMap<>();
        List<Publishable> changed = new ArrayList<>();
        for (OpenLmis.Orderable o : orderables) {
            if (commodityOfTradeItem.containsKey(o.id()) || !ReferenceMapper.inProgram(o, programId)) {
                continue;
            }
            var product = mapper.product(o);
            if (product.isEmpty()) {
                error("orderable-unmapped");
                continue;
            }
            productOfOrderable.put(o.id(), product.get().code());
            changed(known.get(o.id()), IdMapping.PRODUCT, o.id(), product.get().code(), null, null, EventTypes.REFERENCE_PRODUCT,
                    product.get(), product.get().code()).ifPresent(changed::add);
        }
        List<IdMapping> tradeItems = new ArrayList<>();
        tradeItemIds.clear();
        for (OpenLmis.Orderable o : orderables) {
            String product = productOfOrderable.get(commodityOfTradeItem.getOrDefault(o.id(), o.id()));
            if (product == null) {
                continue;
            }
            if (commodityOfTradeItem.containsKey(o.id())) {
                tradeItems.add(new IdMapping(IdMapping.TRADE_ITEM, o.id(), product, product, null, null));
            }
            if (o.identifiers() != null && o.identifiers().get("tradeItem") != null) {
                tradeItemIds.put(o.identifiers().get("tradeItem"), product); // lots point at trade items by this id
            }
        }
        store.saveIds(tradeItems).await().atMost(DB_TIMEOUT);
        return publish(changed);
    }

    private long lots() {
        Map<String, IdMapping> known = store.ids(IdMapping.LOT).await().atMost(DB_TIMEOUT);
        List<Publishable> changed = new ArrayList<>();
        for (OpenLmis.Lot lot : readAll(client::lots)) {
            var reference = ReferenceMapper.lot(lot, lot.tradeItemId() == null ? null : tradeItemIds.get(lot.tradeItemId()));
            if (reference.isEmpty()) {
                error("lot-unmapped");
                continue;
            }
            changed(known.get(lot.id()), IdMapping.LOT, lot.id(), lot.lotCode(), reference.get().productCode(), reference.get().expiry(),
                    EventTypes.REFERENCE_LOT, reference.get(), reference.get().productCode()).ifPresent(changed::add);
        }
        return publish(changed);
    }

    /**
     * Facilities → reference events. The list DTO carries no location: a facility's full DTO is read (one request,
     * within the rate limit) only when it is new or its list entry changed since it was last read; otherwise the
     * location read then is reused. Facilities that cannot be placed in their LGA go to {@code unplaced}: placed at
     * their state (published and synced) or quarantined (neither), never dropped silently.
     */
    private long facilities(String programId, List<IdMapping> stockFacilities, List<UnplacedFacility> unplaced) {
        Map<String, IdMapping> known = store.ids(IdMapping.FACILITY).await().atMost(DB_TIMEOUT);
        Map<String, SyncStore.FacilityDetail> details = store.facilityDetails().await().atMost(DB_TIMEOUT);
        List<SyncStore.FacilityDetail> read = new ArrayList<>();
        List<Publishable> changed = new ArrayList<>();
        for (OpenLmis.Facility f : readAll(client::facilities)) {
            ReferenceMapper.Placement placement = mapper.facility(f, null);
            if (placement.unplaced() != null) {
                unplaced.add(placement.unplaced());
                error(placement.facility() == null ? "facility-quarantined" : "facility-placed-at-state");
            }
            if (placement.facility() == null) {
                continue;
            }
            if (f.location() == null) {
                String listHash = hash(EventJson.write(f));
                SyncStore.FacilityDetail detail = details.get(f.id());
                if (detail == null || !detail.listHash().equals(listHash)) {
                    OpenLmis.Facility full = client.facility(f.id());
                    OpenLmis.Point location = full == null ? null : full.location();
                    detail = new SyncStore.FacilityDetail(f.id(), listHash, location == null ? null : latitude(location),
                            location == null ? null : longitude(location));
                    read.add(detail);
                }
                if (detail.latitude() != null && detail.longitude() != null) {
                    placement = mapper.facility(f, new OpenLmis.Point("Point", List.of(detail.longitude(), detail.latitude())));
                }
            }
            FacilityReference facility = placement.facility();
            changed(known.get(f.id()), IdMapping.FACILITY, f.id(), facility.code(), null, null, EventTypes.REFERENCE_FACILITY,
                    facility, facility.code()).ifPresent(changed::add);
            if (ReferenceMapper.supports(f, programId) && facility.active()) {
                stockFacilities.add(new IdMapping(IdMapping.FACILITY, f.id(), facility.code(), null, null, null));
            }
        }
        long published = publish(changed);
        // Recorded after the events that carry the locations were acknowledged: a crash in between reads them again.
        store.saveFacilityDetails(read).await().atMost(DB_TIMEOUT);
        return published;
    }

    private static Double latitude(OpenLmis.Point p) {
        return p.coordinates() != null && p.coordinates().size() >= 2 ? p.coordinates().get(1) : null;
    }

    private static Double longitude(OpenLmis.Point p) {
        return p.coordinates() != null && p.coordinates().size() >= 2 ? p.coordinates().get(0) : null;
    }

    private static String hash(String text) {
        return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A reference event and the id mapping that records it as published. */
    private record Publishable(CloudEvent<?> event, IdMapping mapping) {
    }

    private Optional<Publishable> changed(IdMapping known, String kind, String openlmisId, String code, String productCode,
            LocalDate expiry, String type, Object payload, String subject) {
        String id = UUID.nameUUIDFromBytes((type + ":" + EventJson.write(payload)).getBytes(StandardCharsets.UTF_8)).toString();
        IdMapping mapping = new IdMapping(kind, openlmisId, code, productCode, expiry, id);
        if (known != null && id.equals(known.publishedHash())) {
            return Optional.empty();
        }
        return Optional.of(new Publishable(CloudEvent.of(id, StockCards.SOURCE, type, subject, Instant.now(), payload), mapping));
    }

    private long publish(List<Publishable> changed) {
        Publishing.publishAll(changed, p -> publisher.publish(p.event()));
        store.saveIds(changed.stream().map(Publishable::mapping).toList()).await().atMost(DB_TIMEOUT);
        registry.counter("vaxtrace.connector.events.emitted", "kind", "reference").increment(changed.size());
        return changed.size();
    }

    private <T> List<T> readAll(BiFunction<Integer, Integer, OpenLmis.Page<T>> read) {
        List<T> all = new ArrayList<>();
        for (int page = 0;; page++) {
            OpenLmis.Page<T> p = read.apply(page, config.referencePageSize());
            all.addAll(p.contentOrEmpty());
            if (p.last() || p.contentOrEmpty().isEmpty() || page + 1 >= p.totalPages()) {
                return all;
            }
        }
    }

    private void error(String reason) {
        registry.counter("vaxtrace.connector.errors", "reason", reason).increment();
    }
}
