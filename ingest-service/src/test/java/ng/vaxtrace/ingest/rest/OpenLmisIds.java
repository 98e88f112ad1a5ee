package ng.vaxtrace.ingest.rest;

import java.util.Map;

/** OpenLMIS ids of the tests and the VaxTrace codes they are mapped to by configuration. */
public final class OpenLmisIds {

    public static final String FACILITY = "e6799d64-d10d-4011-b8c2-0e4d4a3f65ce";
    public static final String FACILITY_CODE = "NG-KN-017-HF-001";
    public static final String PENTA = "d602d0c6-4052-456c-8ccd-61b4ad77bece";
    public static final String UNMAPPED_ORDERABLE = "00000000-0000-0000-0000-00000000beef";
    public static final String LOT = "bc1a9b8d-7a4e-4d6c-9a3f-1f6d2e3c4b5a";
    public static final String EXPIRED = "b5c27da7-bdda-4790-925a-9484c5dfb594";
    public static final String LOST = "0adc9de5-1b6e-4a4e-9e5b-6b0a5c0c1d2e";
    public static final String STATE_STORE_NODE = "7f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

    public static final Map<String, String> CONFIG = Map.of(
            "vaxtrace.ingest.openlmis.facilities." + FACILITY, FACILITY_CODE,
            "vaxtrace.ingest.openlmis.orderables." + PENTA, "PENTA",
            "vaxtrace.ingest.openlmis.lots." + LOT, "PT-2026-11@2027-08-31",
            "vaxtrace.ingest.openlmis.reasons." + EXPIRED, "discard:EXPIRED",
            "vaxtrace.ingest.openlmis.reasons." + LOST, "adjustment:LOST:debit",
            "vaxtrace.ingest.openlmis.nodes." + STATE_STORE_NODE, "NG-KN-017");

    private OpenLmisIds() {
    }
}
