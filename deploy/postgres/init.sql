-- Runs once, when the postgres container starts on an empty data volume (/docker-entrypoint-initdb.d).
-- One database and one role per service of the three-service mode:
--   ledger   the command service's event store
--   query    the query service's read model
--   forecast the forecast service's own database
-- The passwords are for the local compose setup only (deploy/compose.yaml uses the same ones).
CREATE ROLE ledger LOGIN PASSWORD 'ledger';
CREATE DATABASE ledger OWNER ledger;

CREATE ROLE query LOGIN PASSWORD 'query';
CREATE DATABASE query OWNER query;

CREATE ROLE forecast LOGIN PASSWORD 'forecast';
CREATE DATABASE forecast OWNER forecast;
