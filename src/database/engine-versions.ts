/**
 * The PostgreSQL major versions this platform deploys on RDS: the ones under RDS
 * standard support (December 2026), per the RDS for PostgreSQL release calendar:
 * https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
 * 13 left standard support on 2026-02-28 (RDS would bill Extended Support for it).
 * Add a major when RDS releases it, drop one when it leaves standard support. Majors
 * only: with `auto_minor_version_upgrade` RDS moves minors itself, and a pinned minor
 * would become a perpetual diff.
 *
 * No imports, so both the config schema and the database construct can use it.
 */
export const POSTGRES_ENGINE_VERSIONS = ["14", "15", "16", "17", "18"] as const;

/** One of {@link POSTGRES_ENGINE_VERSIONS}. */
export type PostgresEngineVersion = (typeof POSTGRES_ENGINE_VERSIONS)[number];

/** The major new environments get. */
export const DEFAULT_POSTGRES_ENGINE_VERSION: PostgresEngineVersion = "16";
