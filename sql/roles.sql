-- Least privilege for Gerbang on PostgreSQL (issue 9, SPEC §6: no one alters or deletes the
-- audit trail unnoticed). Two roles:
--
--   owner_role  owns the schema: runs the migrations (DATABASE_OWNER_URL), nothing else
--   app_role    what the server and the CLI connect as (DATABASE_URL): reads and writes the
--               ordinary tables, and may only read and append (SELECT, INSERT) to the audit
--               tables — no UPDATE, DELETE or TRUNCATE, and no ownership, so it cannot
--               disable the append-only triggers either
--
-- This script creates nothing cluster-wide. The DBA creates the roles and the database once
-- (as a superuser or a role with CREATEROLE and CREATEDB):
--
--   CREATE ROLE gerbang_owner LOGIN PASSWORD '…';
--   CREATE ROLE gerbang_app LOGIN PASSWORD '…';   -- not a superuser, not a member of the owner
--   CREATE DATABASE gerbang OWNER gerbang_owner;
--
-- Then, connected to that database as the owner (or as the DBA), after the migrations have
-- run (`DATABASE_URL=postgres://gerbang_owner@…/gerbang gerbang migrate`):
--
--   psql "postgres://gerbang_owner@db-host/gerbang" \
--     -v app_role=gerbang_app -v owner_role=gerbang_owner -f sql/roles.sql
--
-- Safe to run again, and to be run again after every new migration: it grants on every
-- table and sequence there is now, sets the default privileges of what the owner creates
-- later, and revokes again what the app role must not have on the audit tables. Tables
-- live in the schema `public` (the migrations name no schema).

\set ON_ERROR_STOP on

-- Connect, and temporary tables (the registry import stages its rows in one). PUBLIC has
-- both by default; granted here in case a DBA revoked them from PUBLIC.
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO :"app_role";
GRANT USAGE ON SCHEMA public TO :"app_role";

-- Full DML on every table and sequence (identity columns) there is…
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";

-- …and on those the owner's later migrations create.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";

-- The audit trail: read and append only (the records, and the seal that proves them).
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER
  ON audit_log, admin_action, audit_seal_leaf, audit_checkpoint, audit_signing_key,
     audit_verification
  FROM :"app_role";

-- The migrations' own record: read only; migrating is the owner's.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON schema_migration
  FROM :"app_role";

-- What the app role can do now to rewrite each audit table: every column must say false
-- (the server checks the same at start and warns otherwise).
SELECT c.relname AS audit_table,
       has_table_privilege(:'app_role', c.oid, 'UPDATE') AS can_update,
       has_table_privilege(:'app_role', c.oid, 'DELETE') AS can_delete,
       has_table_privilege(:'app_role', c.oid, 'TRUNCATE') AS can_truncate,
       pg_has_role(:'app_role', c.relowner, 'MEMBER') AS owns
FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace
  AND c.relname IN ('audit_log', 'admin_action', 'audit_seal_leaf', 'audit_checkpoint',
                    'audit_signing_key', 'audit_verification')
ORDER BY c.relname;
