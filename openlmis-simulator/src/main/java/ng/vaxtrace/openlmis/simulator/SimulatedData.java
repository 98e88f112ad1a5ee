package ng.vaxtrace.openlmis.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.data.SyntheticNigeria;

/**
 * What the simulated OpenLMIS holds, shaped as OpenLMIS DTOs (plain maps serialised by Jackson): Nigeria's zones as
 * geographic zones (levels Country 1, Zone 2, State 3, LGA 4), the generator's stores and health facilities, the EPI
 * program, one commodity-type orderable per catalogue product plus a trade-item orderable per vaccine (lots hang off
 * the trade item, as in the OpenLMIS demo), and one stock card per facility and product whose stock on hand is the
 * generator's balance after 45 days of activity. Ids are name-based UUIDs, so every start serves the same ids.
 */
public final class SimulatedData {

    /** EPI's code in OpenLMIS v3's reference demo data (referencedata.programs.csv); the other programs are the demo's too. */
    public static final String PROGRAM_CODE = "PRG004";
    private static final List<String[]> OTHER_PROGRAMS = List.of(new String[] { "PRG001", "Family Planning" },
            new String[] { "PRG002", "Essential Meds" }, new String[] { "PRG003", "New program" }, new String[] { "PRG005", "ARV" });
    /**
     * How this instance spells some areas, as real OpenLMIS instances do (names typed by whoever set them up): an
     * abbreviation, older spellings, a typo. Keyed by our area code; everything else is spelled officially.
     */
    private static final Map<String, String> INSTANCE_SPELLINGS = Map.of("NG-FC", "FCT", "NG-FC-002", "Abuja Municipal",
            "NG-FC-004", "Gwagwalda", "NG-KN-031", "Nassarawa", "NG-NA-009", "Nassarawa", "NG-NA-010", "Nassarawa Eggon",
            "NG-LA-018", "Somolu", "NG-RI-010", "Emohua", "NG-OY-022", "Ogbomoso North");
    private static final int HISTORY_DAYS = 45;

    private final String baseUrl;
    private final SyntheticNigeria generator;
    private final Geography geography = Geography.nigeria();
    private final LocalDate today;
    private final List<FacilityReference> facilities;
    private final Map<String, Map<String, Object>> zonesById = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> orderablesById = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> lotsById = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> facilitiesById = new LinkedHashMap<>();
    /** Commodity-type orderable id → trade-item orderable id (vaccines only). */
    private final Map<String, String> tradeItemOf = new LinkedHashMap<>();
    /** Per facility id: its stock cards, created on first read and changed by the admin endpoint. */
    private final Map<String, List<Card>> cards = new ConcurrentHashMap<>();
    private final Map<String, Object> program;
    private final List<Card> added = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Facilities added over the admin endpoint (in zones of the instance's own making). */
    private final List<FacilityReference> extraFacilities = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A stock card: what the v2 summaries and {@code /api/stockCards/{id}} show of it. */
    public static final class Card {
        final String id;
        final String facilityId;
        final String commodityId;
        final String orderableId;
        final String lotId;
        volatile long stockOnHand;
        volatile LocalDate occurredDate;
        volatile Instant processedDate;
        volatile String vvmStatus;
        /** The card's line items, oldest first, as GET /api/stockCards/{id} shows them. */
        final List<Map<String, Object>> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        Card(String id, String facilityId, String commodityId, String orderableId, String lotId, long stockOnHand,
                LocalDate occurredDate, Instant processedDate, String vvmStatus) {
            this.id = id;
            this.facilityId = facilityId;
            this.commodityId = commodityId;
            this.orderableId = orderableId;
            this.lotId = lotId;
            this.stockOnHand = stockOnHand;
            this.occurredDate = occurredDate;
            this.processedDate = processedDate;
            this.vvmStatus = vvmStatus;
        }

        public String id() {
            return id;
        }

        public String facilityId() {
            return facilityId;
        }

        public String lotId() {
            return lotId;
        }

        public long stockOnHand() {
            return stockOnHand;
        }

        public LocalDate occurredDate() {
            return occurredDate;
        }
    }

    public SimulatedData(String baseUrl, long seed, int healthFacilitiesPerLga, Set<String> states, LocalDate today) {
        this.baseUrl = baseUrl;
        this.generator = new SyntheticNigeria(seed, healthFacilitiesPerLga);
        this.today = today;
        this.facilities = generator.facilities().stream()
                .filter(f -> states.isEmpty() || f.stateCode() == null || states.contains(f.stateCode()))
                .toList();
        this.program = program();
        buildZones();
        buildOrderables();
        buildLots();
        facilities.forEach(f -> facilitiesById.put(uuid("facility:" + f.code()), facility(f)));
    }

    public static String uuid(String name) {
        return UUID.nameUUIDFromBytes(("openlmis-sim:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public Map<String, Object> programDto() {
        return program;
    }

    /** Every program of the instance (GET /api/programs answers them all). */
    public List<Map<String, Object>> programs() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String[] other : OTHER_PROGRAMS) {
            all.add(Map.of("id", uuid("program:" + other[0]), "code", other[0], "name", other[1], "active", true));
        }
        all.add(3, program);
        return all;
    }

    public List<Map<String, Object>> zones() {
        return List.copyOf(zonesById.values());
    }

    /** The facility list: as referencedata's search answers it, without {@code location} (read each facility for it). */
    public List<Map<String, Object>> facilities() {
        return facilitiesById.values().stream().map(f -> {
            Map<String, Object> listed = new LinkedHashMap<>(f);
            listed.remove("location");
            return (Map<String, Object>) listed;
        }).toList();
    }

    /** One facility in full, {@code location} included when it was geolocated. */
    public Map<String, Object> facility(String id) {
        return facilitiesById.get(id);
    }

    /**
     * Adds a health facility whose zone this instance created itself: an LGA-level zone named {@code zoneName} under
     * our state {@code stateCode}, or, when {@code stateCode} is null, a state-level zone of that name under the
     * country (an area no Nigerian list knows). Returns its id.
     */
    public String addFacility(String code, String name, String stateCode, String zoneName) {
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("id", uuid("zone:custom:" + code));
        zone.put("code", "custom-" + code.toLowerCase(java.util.Locale.ROOT));
        zone.put("name", zoneName);
        int levelNumber = stateCode == null ? 3 : 4;
        String levelName = stateCode == null ? "State" : "LGA";
        zone.put("level", Map.of("id", uuid("level:" + levelName), "code", levelName, "name", levelName, "levelNumber", levelNumber));
        zone.put("parent", stateCode == null ? zonesById.get(uuid("zone:" + Geography.COUNTRY)) : zonesById.get(uuid("zone:" + stateCode)));
        Map<String, Object> dto = new LinkedHashMap<>();
        String id = uuid("facility:" + code);
        dto.put("id", id);
        dto.put("code", code);
        dto.put("name", name);
        dto.put("active", true);
        dto.put("enabled", true);
        dto.put("type", Map.of("id", uuid("facilityType:health_facility"), "code", "health_facility", "name", "health facility", "active", true,
                "primaryHealthCare", true));
        dto.put("geographicZone", zone);
        dto.put("openLmisAccessible", true);
        dto.put("location", Map.of("type", "Point", "coordinates", List.of(7.5, 9.0)));
        FacilityReference template = facilities.stream().filter(f -> f.tier() == FacilityTier.HEALTH_FACILITY).findFirst().orElseThrow();
        extraFacilities.add(new FacilityReference(code, name, FacilityTier.HEALTH_FACILITY, template.zoneCode(), template.stateCode(),
                template.lgaCode(), 9.0, 7.5, true));
        dto.put("supportedPrograms", List.of(Map.of("id", program.get("id"), "code", PROGRAM_CODE, "name", program.get("name"),
                "programActive", true, "supportActive", true, "supportLocallyFulfilled", true)));
        facilitiesById.put(id, dto);
        return id;
    }

    public List<Map<String, Object>> orderables() {
        return List.copyOf(orderablesById.values());
    }

    public Map<String, Object> lot(String id) {
        return lotsById.get(id);
    }

    public List<Map<String, Object>> lots() {
        return List.copyOf(lotsById.values());
    }

    /** The {@code /api/orderableFulfills} map: which orderables can fulfill which. */
    public Map<String, Object> fulfills() {
        Map<String, Object> map = new LinkedHashMap<>();
        tradeItemOf.forEach((commodity, tradeItem) -> {
            map.put(commodity, Map.of("canFulfillForMe", List.of(tradeItem), "canBeFulfilledByMe", List.of()));
            map.put(tradeItem, Map.of("canFulfillForMe", List.of(), "canBeFulfilledByMe", List.of(commodity)));
        });
        return map;
    }

    public String facilityCode(String facilityId) {
        Map<String, Object> facility = facilitiesById.get(facilityId);
        return facility == null ? null : (String) facility.get("code");
    }

    // ---- stock cards

    public List<Card> cards(String facilityId) {
        return cards.computeIfAbsent(facilityId, this::buildCards);
    }

    public Card card(String cardId) {
        for (String facilityId : facilitiesById.keySet()) {
            for (Card card : cards(facilityId)) {
                if (card.id.equals(cardId)) {
                    return card;
                }
            }
        }
        return null;
    }

    /**
     * The v2 summaries of a facility: one per approved orderable. A vaccine's card shows under its commodity type
     * and again under its (also approved) trade item, as OpenLMIS does; summaries with more entries come first.
     */
    public List<Map<String, Object>> summaries(String facilityId) {
        Map<String, List<Card>> byCommodity = new LinkedHashMap<>();
        for (Card card : cards(facilityId)) {
            byCommodity.computeIfAbsent(card.commodityId, k -> new ArrayList<>()).add(card);
        }
        List<Map<String, Object>> summaries = new ArrayList<>();
        byCommodity.forEach((commodity, list) -> {
            summaries.add(summary(commodity, list));
            String tradeItem = tradeItemOf.get(commodity);
            if (tradeItem != null) {
                summaries.add(summary(tradeItem, list.stream().filter(c -> c.orderableId.equals(tradeItem)).toList()));
            }
        });
        summaries.sort(Comparator.comparingInt(s -> -((List<?>) s.get("canFulfillForMe")).size()));
        return summaries;
    }

    /**
     * Adds a card for another lot of the facility's last vaccine: its two summaries then have the most entries and
     * sort first, so every summary before them moves one page position down (the page-boundary fault).
     */
    public Card addSecondLotCard(String facilityId) {
        List<Card> list = cards(facilityId);
        Card last = null;
        for (Card card : list) {
            if (card.lotId != null) {
                last = card;
            }
        }
        Card vaccine = java.util.Objects.requireNonNull(last, "no vaccine card");
        String otherLot = lotsById.values().stream()
                .filter(l -> l.get("tradeItemId").equals(tradeItemId(vaccine.orderableId)) && !l.get("id").equals(vaccine.lotId))
                .map(l -> (String) l.get("id")).findFirst().orElseThrow();
        Card card = new Card(uuid("card:" + facilityId + ":" + otherLot), facilityId, vaccine.commodityId, vaccine.orderableId, otherLot,
                40, today, today.atTime(9, 0).toInstant(ZoneOffset.UTC), "STAGE_1");
        list.add(card);
        added.add(card);
        return card;
    }

    /** Cards added by the page-boundary fault, oldest first. */
    public List<Card> addedCards() {
        return List.copyOf(added);
    }

    public Map<String, Object> stockCardDto(Card card) {
        Map<String, Object> dto = new LinkedHashMap<>();
        dto.put("id", card.id);
        dto.put("stockOnHand", card.stockOnHand);
        dto.put("facility", facilitiesById.get(card.facilityId));
        dto.put("program", program);
        dto.put("orderable", orderablesById.get(card.orderableId));
        dto.put("lot", card.lotId == null ? null : lotsById.get(card.lotId));
        dto.put("extraData", card.vvmStatus == null ? Map.of() : Map.of("vvmStatus", card.vvmStatus));
        dto.put("active", true);
        dto.put("lastUpdate", card.occurredDate.toString());
        dto.put("lineItems", List.copyOf(card.lines));
        return dto;
    }

    private Map<String, Object> summary(String orderableId, List<Card> list) {
        List<Map<String, Object>> entries = new ArrayList<>();
        Long total = null;
        for (Card card : list) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("stockCard", ref("stockCards", card.id));
            entry.put("orderable", ref("orderables", card.orderableId));
            entry.put("lot", card.lotId == null ? null : ref("lots", card.lotId));
            entry.put("stockOnHand", card.stockOnHand);
            entry.put("occurredDate", card.occurredDate.toString());
            entry.put("processedDate", card.processedDate.toString());
            entry.put("active", true);
            entries.add(entry);
            total = (total == null ? 0 : total) + card.stockOnHand;
        }
        Map<String, Object> orderable = new LinkedHashMap<>(ref("orderables", orderableId));
        orderable.put("versionNumber", 1);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("orderable", orderable);
        summary.put("stockOnHand", total);
        summary.put("canFulfillForMe", entries);
        return summary;
    }

    private List<Card> buildCards(String facilityId) {
        FacilityReference facility = java.util.stream.Stream.concat(facilities.stream(), extraFacilities.stream())
                .filter(f -> uuid("facility:" + f.code()).equals(facilityId)).findFirst().orElse(null);
        List<Card> list = new java.util.concurrent.CopyOnWriteArrayList<>();
        if (facility == null) {
            return list;
        }
        Map<String, Long> balance = new LinkedHashMap<>();
        Map<String, CloudEvent<StockEvent>> last = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> lines = new LinkedHashMap<>();
        for (CloudEvent<StockEvent> event : generator.history(facility, today.minusDays(HISTORY_DAYS), today)) {
            String product = event.data().productCode();
            StockEventType type = StockEventType.fromCloudEventType(event.type()).orElseThrow();
            long before = balance.getOrDefault(product, 0L);
            long after = before + type.delta(before, event.data().quantity());
            balance.put(product, after);
            last.put(product, event);
            lines.computeIfAbsent(product, k -> new ArrayList<>()).add(lineItem(uuid("line:" + event.id()), type, event.data(), after,
                    event.time().atZone(ZoneOffset.UTC).toLocalDate()));
        }
        for (ProductReference product : generator.products()) {
            CloudEvent<StockEvent> event = last.get(product.code());
            if (event == null) {
                continue;
            }
            String commodity = uuid("orderable:" + product.code());
            String tradeItem = tradeItemOf.get(commodity);
            String lotId = tradeItem == null ? null : uuid("lot:" + event.data().lotCode());
            if (lotId != null && !lotsById.containsKey(lotId)) {
                lotId = null;
            }
            String orderable = tradeItem != null && lotId != null ? tradeItem : commodity;
            Instant at = event.time();
            Card card = new Card(uuid("card:" + facilityId + ":" + (lotId != null ? lotId : commodity)), facilityId, commodity, orderable,
                    lotId, balance.get(product.code()), at.atZone(ZoneOffset.UTC).toLocalDate(), at, product.vvm() ? "STAGE_1" : null);
            card.lines.addAll(lines.get(product.code()));
            list.add(card);
        }
        return list;
    }

    /** OpenLMIS's seeded stock card line item reasons the simulator uses: name → [reasonType, reasonCategory]. */
    private static final Map<String, String[]> REASONS = Map.ofEntries(Map.entry("Transfer In", new String[] { "CREDIT", "TRANSFER" }),
            Map.entry("Transfer Out", new String[] { "DEBIT", "TRANSFER" }), Map.entry("Consumed", new String[] { "DEBIT", "ADJUSTMENT" }),
            Map.entry("Receipts", new String[] { "CREDIT", "ADJUSTMENT" }), Map.entry("Expired", new String[] { "DEBIT", "ADJUSTMENT" }),
            Map.entry("Damage", new String[] { "DEBIT", "ADJUSTMENT" }), Map.entry("Lost", new String[] { "DEBIT", "ADJUSTMENT" }),
            Map.entry("Stolen", new String[] { "DEBIT", "ADJUSTMENT" }), Map.entry("Found", new String[] { "CREDIT", "ADJUSTMENT" }),
            Map.entry("Returned", new String[] { "CREDIT", "ADJUSTMENT" }),
            Map.entry("Passed open-vial time limit", new String[] { "DEBIT", "ADJUSTMENT" }),
            Map.entry("Cold chain failure", new String[] { "DEBIT", "ADJUSTMENT" }),
            Map.entry("Cold chain failure (freezing)", new String[] { "DEBIT", "ADJUSTMENT" }),
            Map.entry("VVM stage 3/4", new String[] { "DEBIT", "ADJUSTMENT" }),
            Map.entry("Correction (excess)", new String[] { "CREDIT", "ADJUSTMENT" }),
            Map.entry("Correction (insufficiency)", new String[] { "DEBIT", "ADJUSTMENT" }));

    /** GET /api/stockCardLineItemReasons. */
    public List<Map<String, Object>> reasons() {
        return REASONS.keySet().stream().sorted().map(SimulatedData::reason).toList();
    }

    private static Map<String, Object> reason(String name) {
        String[] kind = REASONS.get(name);
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("id", uuid("reason:" + name));
        reason.put("name", name);
        reason.put("reasonType", kind[0]);
        reason.put("reasonCategory", kind[1]);
        reason.put("isFreeTextAllowed", false);
        reason.put("tags", List.of());
        return reason;
    }

    /** Our movement as an OpenLMIS line item: sources and destinations for transfers, a reason otherwise, none for a count. */
    private Map<String, Object> lineItem(String id, StockEventType type, StockEvent e, long stockOnHand, LocalDate occurred) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", id);
        line.put("quantity", Math.abs(type == StockEventType.PHYSICAL_COUNT ? e.quantity() : e.quantity()));
        line.put("occurredDate", occurred.toString());
        String reason = switch (type) {
            case RECEIPT, TRANSFER_IN -> "Transfer In";
            case ISSUE, TRANSFER_OUT -> "Transfer Out";
            case CONSUMPTION -> "Consumed";
            case DISCARD -> switch (String.valueOf(e.reason())) {
                case "EXPIRED" -> "Expired";
                case "VVM" -> "VVM stage 3/4";
                case "FREEZE" -> "Cold chain failure (freezing)";
                case "HEAT" -> "Cold chain failure";
                default -> "Damage";
            };
            case ADJUSTMENT -> switch (String.valueOf(e.reason())) {
                case "LOST" -> "Lost";
                case "STOLEN" -> "Stolen";
                case "FOUND" -> "Found";
                case "RETURNED" -> "Returned";
                case "OPEN_VIAL_WASTAGE" -> "Passed open-vial time limit";
                default -> e.quantity() > 0 ? "Correction (excess)" : "Correction (insufficiency)";
            };
            case PHYSICAL_COUNT -> null;
        };
        line.put("reason", reason == null ? null : reason(reason));
        Map<String, Object> party = e.counterpartyCode() == null ? null
                : facilitiesById.getOrDefault(uuid("facility:" + e.counterpartyCode()), null);
        Map<String, Object> node = party == null ? Map.of("id", uuid("facility:supplier"), "code", "SUPPLIER", "name", "Supplier")
                : Map.of("id", party.get("id"), "code", party.get("code"), "name", party.get("name"));
        line.put("source", type == StockEventType.RECEIPT || type == StockEventType.TRANSFER_IN ? node : null);
        line.put("destination", type == StockEventType.ISSUE || type == StockEventType.TRANSFER_OUT ? node : null);
        line.put("stockOnHand", stockOnHand);
        line.put("extraData", e.vvmStage() == null ? Map.of() : Map.of("vvmStatus", "STAGE_" + e.vvmStage()));
        line.put("documentNumber", null);
        return line;
    }

    /**
     * Records a movement on a card today, as a stock event posted to OpenLMIS would: {@code kind} is receipt, issue,
     * consumption, or a reason name (e.g. "Expired", "Lost"); quantity unsigned.
     */
    public void recordMovement(Card card, String kind, long quantity) {
        StockEventType type = switch (kind) {
            case "receipt" -> StockEventType.RECEIPT;
            case "issue" -> StockEventType.ISSUE;
            case "consumption" -> StockEventType.CONSUMPTION;
            default -> null;
        };
        Map<String, Object> line;
        long after;
        String id = uuid("line:" + card.id + ":" + card.lines.size() + ":" + kind);
        if (type != null) {
            after = card.stockOnHand + type.delta(card.stockOnHand, quantity);
            line = lineItem(id, type, new StockEvent(null, null, null, quantity, null, null, null, null, null), after, today);
        } else {
            String[] reason = java.util.Objects.requireNonNull(REASONS.get(kind), "unknown reason " + kind);
            after = card.stockOnHand + ("CREDIT".equals(reason[0]) ? quantity : -quantity);
            line = lineItem(id, StockEventType.CONSUMPTION, new StockEvent(null, null, null, quantity, null, null, null, null, null), after, today);
            line.put("reason", reason(kind));
        }
        card.lines.add(line);
        card.stockOnHand = after;
        card.occurredDate = today;
        card.processedDate = Instant.now();
    }

    /** Records a physical inventory on a card today (a line without reason, source or destination). */
    public void recordCount(Card card, long counted) {
        Map<String, Object> line = lineItem(uuid("line:" + card.id + ":" + card.lines.size() + ":count"), StockEventType.PHYSICAL_COUNT,
                new StockEvent(null, null, null, counted, null, null, null, null, null), counted, today);
        card.lines.add(line);
        card.stockOnHand = counted;
        card.occurredDate = today;
        card.processedDate = Instant.now();
    }

    // ---- reference data

    private Map<String, Object> program() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", uuid("program:EPI"));
        p.put("code", PROGRAM_CODE);
        p.put("name", "EPI");
        p.put("description", "Routine immunisation");
        p.put("active", true);
        p.put("periodsSkippable", true);
        p.put("skipAuthorization", false);
        p.put("showNonFullSupplyTab", false);
        p.put("enableDatePhysicalStockCountCompleted", false);
        return p;
    }

    private void buildZones() {
        for (Area.Level level : List.of(Area.Level.COUNTRY, Area.Level.ZONE, Area.Level.STATE, Area.Level.LGA)) {
            for (Area area : geography.ofLevel(level)) {
                zonesById.put(uuid("zone:" + area.code()), zone(area));
            }
        }
    }

    private Map<String, Object> zone(Area area) {
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("id", uuid("zone:" + area.code()));
        String name = INSTANCE_SPELLINGS.getOrDefault(area.code(), area.name());
        zone.put("code", zoneCode(area, name));
        zone.put("name", name);
        int levelNumber = area.level().ordinal() + 1;
        String levelName = switch (area.level()) {
            case COUNTRY -> "Country";
            case ZONE -> "Zone";
            case STATE -> "State";
            case LGA -> "LGA";
        };
        zone.put("level", Map.of("id", uuid("level:" + levelName), "code", levelName, "name", levelName, "levelNumber", levelNumber));
        zone.put("latitude", area.latitude());
        zone.put("longitude", area.longitude());
        if (area.level() == Area.Level.LGA) {
            zone.put("catchmentPopulation", catchmentPopulation(area));
        }
        if (area.parentCode() != null) {
            zone.put("parent", zone(geography.area(area.parentCode()).orElseThrow()));
        }
        return zone;
    }

    /**
     * A synthetic LGA population, stable per LGA: 100,000–399,999 around Nigeria's mean of about 284,000 (220 M ÷ 774
     * LGAs, domain reference §2). Not a census figure: it exercises the connector's catchment mapping. Only LGAs carry one,
     * as an instance may fill the field at one level only.
     */
    public static long catchmentPopulation(Area area) {
        return 100_000 + Math.floorMod(area.code().hashCode() * 2_654_435_761L, 300_000L);
    }

    /** The instance's own zone codes: a slug of the name, LGAs prefixed with their state's (not our NG-KN-017 codes). */
    private String zoneCode(Area area, String name) {
        String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (area.level() == Area.Level.LGA) {
            Area state = geography.area(area.parentCode()).orElseThrow();
            return zoneCode(state, INSTANCE_SPELLINGS.getOrDefault(state.code(), state.name())) + "-" + slug;
        }
        return area.level() == Area.Level.COUNTRY ? "NG" : slug;
    }

    private Map<String, Object> facility(FacilityReference f) {
        String zoneCode = f.lgaCode() != null ? f.lgaCode() : f.stateCode() != null ? f.stateCode() : f.zoneCode() != null ? f.zoneCode()
                : Geography.COUNTRY;
        String type = switch (f.tier()) {
            case NATIONAL -> "national_store";
            case ZONE -> "zonal_store";
            case STATE -> "state_store";
            case LGA -> "lga_store";
            case HEALTH_FACILITY -> "health_facility";
        };
        Map<String, Object> dto = new LinkedHashMap<>();
        dto.put("id", uuid("facility:" + f.code()));
        dto.put("code", f.code());
        dto.put("name", f.name());
        dto.put("active", f.active());
        dto.put("enabled", true);
        dto.put("type", Map.of("id", uuid("facilityType:" + type), "code", type, "name", type.replace('_', ' '), "active", true,
                "primaryHealthCare", f.tier() == FacilityTier.HEALTH_FACILITY));
        dto.put("geographicZone", zonesById.get(uuid("zone:" + zoneCode)));
        dto.put("operator", Map.of("id", uuid("operator:moh"), "code", "moh", "name", "Federal Ministry of Health"));
        dto.put("openLmisAccessible", true);
        // Every second health facility of an LGA was never geolocated: location is optional in OpenLMIS.
        if (f.latitude() != null && !f.code().endsWith("-HF-002")) {
            dto.put("location", Map.of("type", "Point", "coordinates", List.of(f.longitude(), f.latitude())));
        }
        dto.put("supportedPrograms", List.of(Map.of("id", program.get("id"), "code", PROGRAM_CODE, "name", program.get("name"),
                "programActive", true, "supportActive", true, "supportLocallyFulfilled", true)));
        return dto;
    }

    private void buildOrderables() {
        for (ProductReference p : generator.products()) {
            String id = uuid("orderable:" + p.code());
            Map<String, Object> o = orderable(id, p.code(), p.name(), p);
            o.put("identifiers", Map.of("commodityType", uuid("commodityType:" + p.code())));
            // Devices and one vaccine carry no temperature range: those fields are optional in OpenLMIS.
            if (p.storageMinC() != null && !p.code().equals("TD")) {
                o.put("minimumTemperature", Map.of("value", p.storageMinC(), "temperatureMeasurementUnitCode", "CEL"));
                o.put("maximumTemperature", Map.of("value", p.storageMaxC(), "temperatureMeasurementUnitCode", "CEL"));
            }
            orderablesById.put(id, o);
            if ("VACCINE".equals(p.kind())) {
                String tradeItem = uuid("orderable:" + p.code() + ":trade-item");
                Map<String, Object> t = orderable(tradeItem, p.code() + "-SB", "Synthetic Biologicals " + p.name() + " (" + p.dosesPerVial()
                        + " dose)", p);
                t.put("identifiers", Map.of("tradeItem", tradeItemId(tradeItem)));
                orderablesById.put(tradeItem, t);
                tradeItemOf.put(id, tradeItem);
            }
        }
    }

    private Map<String, Object> orderable(String id, String code, String name, ProductReference p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", id);
        o.put("productCode", code);
        o.put("fullProductName", name);
        o.put("description", name);
        o.put("netContent", p.dosesPerVial());
        o.put("packRoundingThreshold", 1);
        o.put("roundToZero", true);
        o.put("dispensable", Map.of("dispensingUnit", "dose", "sizeCode", p.dosesPerVial() + " dose", "displayUnit", p.dosesPerVial() + " dose"));
        o.put("programs", List.of(Map.of("programId", program.get("id"), "orderableCategoryDisplayName",
                "VACCINE".equals(p.kind()) ? "Vaccines" : "Diluents", "active", true, "fullSupply", true, "displayOrder", 1,
                "dosesPerPatient", 1)));
        o.put("children", List.of());
        o.put("extraData", p.vvm() ? Map.of("useVVM", "true") : Map.of());
        o.put("meta", Map.of("versionNumber", 1, "lastUpdated", "2026-01-15T10:00:00Z"));
        return o;
    }

    private static String tradeItemId(String tradeItemOrderableId) {
        return uuid("tradeItem:" + tradeItemOrderableId);
    }

    /**
     * The lot each vaccine's cards use (the generator's FEFO choice, the same at every facility) and the next lot of
     * the series, which the page-boundary fault puts on a second card.
     */
    private void buildLots() {
        FacilityReference national = generator.facilities().get(0);
        for (CloudEvent<StockEvent> event : generator.history(national, today.minusDays(HISTORY_DAYS), today)) {
            StockEvent e = event.data();
            String tradeItem = tradeItemOf.get(uuid("orderable:" + e.productCode()));
            if (tradeItem != null && e.lot() != null && !lotsById.containsKey(uuid("lot:" + e.lot().code()))) {
                addLot(e.lot().code(), e.lot().expiry(), tradeItem);
                String next = e.lot().code().endsWith("-1") ? e.lot().code().substring(0, e.lot().code().length() - 1) + "2"
                        : e.lot().code() + "-2";
                addLot(next, e.lot().expiry().plusMonths(7), tradeItem);
            }
        }
    }

    private void addLot(String code, LocalDate expiry, String tradeItem) {
        Map<String, Object> lot = new LinkedHashMap<>();
        lot.put("id", uuid("lot:" + code));
        lot.put("lotCode", code);
        lot.put("active", true);
        lot.put("tradeItemId", tradeItemId(tradeItem));
        lot.put("expirationDate", expiry.toString());
        lot.put("manufactureDate", expiry.minusYears(2).toString());
        lotsById.put(uuid("lot:" + code), lot);
    }

    private Map<String, Object> ref(String resource, String id) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("id", id);
        ref.put("href", baseUrl + "/api/" + resource + "/" + id);
        return ref;
    }
}
