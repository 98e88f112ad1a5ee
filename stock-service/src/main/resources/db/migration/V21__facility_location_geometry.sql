-- Facility locations as PostGIS geometry (WGS 84) for the map's bounding-box and radius queries
-- (GET /api/v1/facilities?bbox= | near=). The extension is created by the platform's superuser before the services
-- migrate (CloudNativePG Database.extensions, deploy/local/infra.sh, compose's initdb): the services' role is not a
-- superuser and PostGIS is not a trusted extension. IF NOT EXISTS is then a no-op for that role; where the role is a
-- superuser (Testcontainers) it creates it. docs/operations.md#postgis.
CREATE EXTENSION IF NOT EXISTS postgis;

-- Derived from latitude/longitude, which stay the columns written (reference events, the seed): a stored generated
-- column cannot drift from them and needs no code on the write path. Expand-only: old code ignores it.
ALTER TABLE facility ADD COLUMN location geometry(Point, 4326)
    GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)) STORED;
CREATE INDEX facility_location ON facility USING gist (location);
