-- The unresolved alerts newest first (the default list, and the gateway's read of every open alert of an area,
-- GET /api/v1/areas/{area}/open-alerts, alert-service/README.md#api) straight from an index: without it each page sorted
-- every unresolved alert again (26,000 of them: ~100 ms a page, spilling to disk).
CREATE INDEX alert_unresolved_raised ON alert (raised_at DESC, id DESC) WHERE status <> 'RESOLVED';
