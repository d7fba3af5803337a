#!/usr/bin/env bash
# Runs once, when the Postgres volume is first initialised (docker-entrypoint-initdb.d).
# One schema and one login role per service; each role owns its schema and can use nothing else, so a bug or a
# compromise in one service cannot read or change another service's tables.
set -euo pipefail

create_service_role() {
  local role=$1 schema=$2 password_var=$3
  local password=${!password_var:?"$password_var must be set (the password of the $role role)"}
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v role="$role" -v schema="$schema" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE SCHEMA :"schema" AUTHORIZATION :"role";
REVOKE ALL ON SCHEMA :"schema" FROM PUBLIC;
ALTER ROLE :"role" SET search_path = :"schema";
SQL
}

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE "$POSTGRES_DB" FROM PUBLIC;
SQL

create_service_role report_fetcher report_fetcher REPORT_FETCHER_DB_PASSWORD
create_service_role pdf_extractor pdf_extractor PDF_EXTRACTOR_DB_PASSWORD
create_service_role jurisdiction_classifier jurisdiction_classifier JURISDICTION_CLASSIFIER_DB_PASSWORD
create_service_role grant_exposure_calculator grant_exposure_calculator GRANT_EXPOSURE_CALCULATOR_DB_PASSWORD
create_service_role notifier notifier NOTIFIER_DB_PASSWORD
create_service_role dashboard dashboard DASHBOARD_DB_PASSWORD

for role in report_fetcher pdf_extractor jurisdiction_classifier grant_exposure_calculator notifier dashboard; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -c "GRANT CONNECT ON DATABASE \"$POSTGRES_DB\" TO $role;"
done
