#!/bin/bash
# First start of the Postgres volume only: the application role and one database per service (docs/architecture.md),
# and PostGIS where facility locations are kept (vaxtrace_stock): created here by the superuser, as the services' role is not one.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username postgres --dbname postgres \
  --set=pw="$VAXTRACE_DB_PASSWORD" <<'SQL'
CREATE ROLE vaxtrace LOGIN PASSWORD :'pw';
CREATE DATABASE vaxtrace_stock OWNER vaxtrace;
CREATE DATABASE vaxtrace_alert OWNER vaxtrace;
CREATE DATABASE vaxtrace_connector OWNER vaxtrace;
\connect vaxtrace_stock
CREATE EXTENSION IF NOT EXISTS postgis;
SQL
