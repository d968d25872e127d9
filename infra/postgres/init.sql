-- One database per service, each owned by its own login role; no role may connect to another's
-- database. Mirrors libs/testing ensureDatabase(), which the dev runner uses without Docker.
-- Passwords here are for the compose network only; set real ones through your secret store.
CREATE ROLE claimguard_identity LOGIN PASSWORD 'identity-dev-only';
CREATE ROLE claimguard_claims   LOGIN PASSWORD 'claims-dev-only';
CREATE ROLE claimguard_towing   LOGIN PASSWORD 'towing-dev-only';
CREATE ROLE claimguard_repair   LOGIN PASSWORD 'repair-dev-only';
CREATE ROLE claimguard_rental   LOGIN PASSWORD 'rental-dev-only';
CREATE DATABASE claimguard_identity OWNER claimguard_identity;
CREATE DATABASE claimguard_claims   OWNER claimguard_claims;
CREATE DATABASE claimguard_towing   OWNER claimguard_towing;
CREATE DATABASE claimguard_repair   OWNER claimguard_repair;
CREATE DATABASE claimguard_rental   OWNER claimguard_rental;
REVOKE CONNECT ON DATABASE claimguard_identity FROM PUBLIC;
REVOKE CONNECT ON DATABASE claimguard_claims   FROM PUBLIC;
REVOKE CONNECT ON DATABASE claimguard_towing   FROM PUBLIC;
REVOKE CONNECT ON DATABASE claimguard_repair   FROM PUBLIC;
REVOKE CONNECT ON DATABASE claimguard_rental   FROM PUBLIC;
GRANT CONNECT ON DATABASE claimguard_identity TO claimguard_identity;
GRANT CONNECT ON DATABASE claimguard_claims   TO claimguard_claims;
GRANT CONNECT ON DATABASE claimguard_towing   TO claimguard_towing;
GRANT CONNECT ON DATABASE claimguard_repair   TO claimguard_repair;
GRANT CONNECT ON DATABASE claimguard_rental   TO claimguard_rental;
