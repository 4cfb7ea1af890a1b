#!/bin/sh
# Run once by the postgres image on a new, empty volume (mounted into /docker-entrypoint-initdb.d): the two roles of
# docs/security.md, "Database roles". kpi_owner owns the database and runs the migrations; kpi_app is what the app
# signs in as — the app grants it its data rights itself after every migration.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v owner_password="$KPI_OWNER_PASSWORD" -v app_password="$KPI_APP_PASSWORD" <<'SQL'
CREATE ROLE kpi_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE kpi_app LOGIN PASSWORD :'app_password';
CREATE DATABASE kpiplanner OWNER kpi_owner;
\connect kpiplanner
ALTER SCHEMA public OWNER TO kpi_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE TEMPORARY ON DATABASE kpiplanner FROM PUBLIC;
SQL
