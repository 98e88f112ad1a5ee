-- Per business day (Africa/Lagos) movements of each area's product — the nation, zones, states, LGAs — kept by the
-- same transaction as stock_day (ledger/AreaDays), so an area's trend reads one row per day instead of the day rows
-- of every facility in it (30,000 for the nation).
CREATE TABLE stock_day_area (
    area_code    VARCHAR(64) NOT NULL,   -- NG, a zone, a state or an LGA
    product_code VARCHAR(64) NOT NULL,
    day          DATE        NOT NULL,
    used         BIGINT      NOT NULL,   -- doses the area's health facilities consumed or issued that day
    net_delta    BIGINT      NOT NULL,   -- signed change of the balance of every facility in it (stores included)
    PRIMARY KEY (area_code, product_code, day)
);

INSERT INTO stock_day_area (area_code, product_code, day, used, net_delta)
SELECT a.area_code, d.product_code, d.day,
       sum(CASE WHEN f.tier = 'HEALTH_FACILITY' THEN d.used ELSE 0 END), sum(d.net_delta)
FROM stock_day d
JOIN facility f ON f.code = d.facility_code
CROSS JOIN LATERAL (VALUES ('NG'), (f.zone_code), (f.state_code), (f.lga_code)) AS a(area_code)
WHERE a.area_code IS NOT NULL
GROUP BY 1, 2, 3;
