using Dapper;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Storage.Sqlite;

/// <summary>
/// Brings the schema to the newest version. Each migration runs once, in a transaction, and is recorded in
/// <c>schema_migrations</c>; running the migrator again is a no-op.
/// </summary>
public sealed partial class SqliteMigrator(SqliteConnectionFactory connections, TimeProvider time, ILogger<SqliteMigrator> logger)
{
    private static readonly (int Version, string Sql)[] Migrations =
    [
        (1, """
            CREATE TABLE idempotency_keys (
                client_id       TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                fingerprint     TEXT NOT NULL,
                order_id        TEXT NOT NULL,
                created_at      TEXT NOT NULL,
                PRIMARY KEY (client_id, idempotency_key)
            );
            CREATE TABLE orders (
                id              TEXT PRIMARY KEY,
                order_number    TEXT NOT NULL,
                customer_number TEXT NOT NULL,
                payload         TEXT NOT NULL,
                state           TEXT NOT NULL,
                received_at     TEXT NOT NULL,
                published_at    TEXT NULL,
                delivered_at    TEXT NULL,
                target_system   TEXT NULL,
                target_id       TEXT NULL
            );
            CREATE INDEX ix_orders_order_number ON orders (order_number);
            CREATE TABLE outbox (
                order_id     TEXT PRIMARY KEY REFERENCES orders (id),
                topic        TEXT NOT NULL,
                message_key  TEXT NOT NULL,
                event_id     TEXT NOT NULL,
                event_source TEXT NOT NULL,
                event_type   TEXT NOT NULL,
                event_time   TEXT NOT NULL,
                subject      TEXT NULL,
                content_type TEXT NOT NULL,
                data         BLOB NOT NULL,
                created_at   TEXT NOT NULL,
                published_at TEXT NULL,
                partition_no INTEGER NULL,
                offset_no    INTEGER NULL
            );
            CREATE INDEX ix_outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;
            """),
        (2, """
            CREATE TABLE workflow_instances (
                id             TEXT PRIMARY KEY,
                definition_id  TEXT NOT NULL,
                version        INTEGER NOT NULL,
                status         TEXT NOT NULL,
                sub_status     TEXT NOT NULL,
                correlation_id TEXT NULL,
                created_at     TEXT NOT NULL,
                finished_at    TEXT NULL,
                variables      TEXT NOT NULL,
                journal        TEXT NOT NULL,
                incident       TEXT NULL
            );
            CREATE INDEX ix_workflow_instances_definition ON workflow_instances (definition_id, created_at);
            CREATE INDEX ix_workflow_instances_created ON workflow_instances (created_at);
            """),
        (3, """
            ALTER TABLE workflow_instances ADD COLUMN input TEXT NULL;
            """),
        (4, """
            CREATE TABLE cross_references (
                system      TEXT NOT NULL,
                entity      TEXT NOT NULL,
                external_id TEXT NOT NULL,
                hub_id      TEXT NOT NULL,
                linked_at   TEXT NOT NULL,
                PRIMARY KEY (system, entity, external_id)
            );
            CREATE UNIQUE INDEX ux_cross_references_hub ON cross_references (hub_id, system, entity);
            CREATE TABLE connector_cursors (
                cursor_key  TEXT PRIMARY KEY,
                cursor      TEXT NOT NULL,
                updated_at  TEXT NOT NULL
            );
            """),
        (5, """
            ALTER TABLE workflow_instances ADD COLUMN position TEXT NULL;
            ALTER TABLE workflow_instances ADD COLUMN stimulus TEXT NULL;
            ALTER TABLE workflow_instances ADD COLUMN lease_owner TEXT NULL;
            ALTER TABLE workflow_instances ADD COLUMN lease_expires_at TEXT NULL;
            CREATE INDEX ix_workflow_instances_running ON workflow_instances (lease_expires_at) WHERE status = 'Running';
            CREATE TABLE workflow_bookmarks (
                id              TEXT PRIMARY KEY,
                instance_id     TEXT NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
                activity_id     TEXT NOT NULL,
                kind            TEXT NOT NULL,
                name            TEXT NULL,
                correlation_key TEXT NULL,
                due_at          TEXT NULL,
                created_at      TEXT NOT NULL
            );
            CREATE INDEX ix_workflow_bookmarks_instance ON workflow_bookmarks (instance_id);
            CREATE INDEX ix_workflow_bookmarks_event ON workflow_bookmarks (name, correlation_key) WHERE name IS NOT NULL;
            CREATE INDEX ix_workflow_bookmarks_due ON workflow_bookmarks (due_at) WHERE due_at IS NOT NULL;
            """),
        (6, """
            CREATE TABLE workflow_pending_events (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                name           TEXT NOT NULL,
                correlation_id TEXT NULL,
                payload        TEXT NULL,
                received_at    TEXT NOT NULL,
                expires_at     TEXT NOT NULL
            );
            CREATE INDEX ix_workflow_pending_events_name ON workflow_pending_events (name, correlation_id);
            CREATE INDEX ix_workflow_pending_events_expiry ON workflow_pending_events (expires_at);
            """),
        (7, """
            CREATE TABLE replay_guard (
                replay_key  TEXT PRIMARY KEY,
                seen_at     TEXT NOT NULL,
                expires_at  TEXT NOT NULL
            );
            CREATE INDEX ix_replay_guard_expiry ON replay_guard (expires_at);
            """),
        (8, """
            CREATE TABLE canonical_records (
                hub_id             TEXT PRIMARY KEY,
                entity             TEXT NOT NULL,
                source_system      TEXT NOT NULL,
                source_external_id TEXT NOT NULL,
                source_version     INTEGER NOT NULL,
                hash               TEXT NOT NULL,
                payload            TEXT NOT NULL,
                seen_at            TEXT NOT NULL
            );
            CREATE TABLE target_writes (
                target_system      TEXT NOT NULL,
                entity             TEXT NOT NULL,
                hub_id             TEXT NOT NULL,
                source_system      TEXT NOT NULL,
                source_external_id TEXT NOT NULL,
                source_version     INTEGER NOT NULL,
                hash               TEXT NOT NULL,
                target_id          TEXT NOT NULL,
                written_at         TEXT NOT NULL,
                PRIMARY KEY (target_system, entity, hub_id)
            );
            CREATE TABLE record_events (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                topic        TEXT NOT NULL,
                message_key  TEXT NOT NULL,
                event_id     TEXT NOT NULL,
                event_source TEXT NOT NULL,
                event_type   TEXT NOT NULL,
                event_time   TEXT NOT NULL,
                subject      TEXT NULL,
                content_type TEXT NOT NULL,
                data         BLOB NOT NULL,
                created_at   TEXT NOT NULL,
                published_at TEXT NULL,
                partition_no INTEGER NULL,
                offset_no    INTEGER NULL
            );
            CREATE INDEX ix_record_events_unpublished ON record_events (id) WHERE published_at IS NULL;
            """),
        (9, """
            CREATE TABLE quarantine (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                flow           TEXT NOT NULL,
                system         TEXT NOT NULL,
                entity         TEXT NOT NULL,
                external_id    TEXT NOT NULL,
                source_version INTEGER NOT NULL,
                payload        TEXT NOT NULL,
                reasons        TEXT NOT NULL,
                times          INTEGER NOT NULL,
                first_seen     TEXT NOT NULL,
                last_seen      TEXT NOT NULL,
                released_at    TEXT NULL,
                UNIQUE (flow, system, entity, external_id)
            );
            CREATE INDEX ix_quarantine_open ON quarantine (last_seen) WHERE released_at IS NULL;
            """),
        (10, """
            ALTER TABLE canonical_records ADD COLUMN source_versions TEXT NULL;
            """),
        (11, """
            CREATE TABLE receivables (
                system            TEXT NOT NULL,
                invoice_id        TEXT NOT NULL,
                invoice_number    TEXT NULL,
                customer_hub_id   TEXT NULL,
                customer_name     TEXT NULL,
                currency          TEXT NOT NULL,
                total             TEXT NOT NULL,
                paid              TEXT NOT NULL,
                credited          TEXT NOT NULL,
                due               TEXT NOT NULL,
                has_due           INTEGER NOT NULL,
                status            TEXT NOT NULL,
                issue_date        TEXT NULL,
                due_date          TEXT NULL,
                source_version    INTEGER NOT NULL,
                source_updated_at TEXT NOT NULL,
                hash              TEXT NOT NULL,
                payload           TEXT NOT NULL,
                recorded_at       TEXT NOT NULL,
                seq               INTEGER NOT NULL UNIQUE,
                PRIMARY KEY (system, invoice_id)
            );
            CREATE INDEX ix_receivables_customer ON receivables (customer_hub_id, seq);
            CREATE INDEX ix_receivables_aged ON receivables (due_date) WHERE status = 'open' AND has_due = 1;
            """),
        (12, """
            CREATE TABLE payments (
                system          TEXT NOT NULL,
                payment_id      TEXT NOT NULL,
                invoice_id      TEXT NOT NULL,
                customer_hub_id TEXT NULL,
                currency        TEXT NULL,
                amount          TEXT NOT NULL,
                paid_on         TEXT NOT NULL,
                status          TEXT NOT NULL,
                source_version  INTEGER NOT NULL,
                hash            TEXT NOT NULL,
                payload         TEXT NOT NULL,
                recorded_at     TEXT NOT NULL,
                PRIMARY KEY (system, payment_id)
            );
            CREATE INDEX ix_payments_customer ON payments (customer_hub_id, paid_on);
            CREATE INDEX ix_payments_invoice ON payments (system, invoice_id);
            """),
        (13, """
            CREATE TABLE customer_values (
                hub_id      TEXT PRIMARY KEY,
                tier        TEXT NOT NULL,
                stage       TEXT NOT NULL,
                hash        TEXT NOT NULL,
                value       TEXT NOT NULL,
                as_of       TEXT NOT NULL,
                computed_at TEXT NOT NULL
            );
            CREATE INDEX ix_customer_values_tier ON customer_values (tier, hub_id);
            CREATE INDEX ix_customer_values_stage ON customer_values (stage, hub_id);
            CREATE TABLE customer_value_breakpoints (
                id          INTEGER PRIMARY KEY CHECK (id = 1),
                breakpoints TEXT NOT NULL,
                as_of       TEXT NOT NULL,
                computed_at TEXT NOT NULL
            );
            CREATE INDEX ix_canonical_orders_customer ON canonical_records (json_extract(payload, '$.customerNumber')) WHERE entity = 'order';
            CREATE INDEX ix_canonical_records_seen ON canonical_records (entity, seen_at);
            CREATE INDEX ix_receivables_recorded ON receivables (recorded_at);
            CREATE INDEX ix_payments_recorded ON payments (recorded_at);
            """),
        (14, """
            ALTER TABLE outbox ADD COLUMN trace_parent TEXT NULL;
            ALTER TABLE outbox ADD COLUMN trace_state TEXT NULL;
            ALTER TABLE record_events ADD COLUMN trace_parent TEXT NULL;
            ALTER TABLE record_events ADD COLUMN trace_state TEXT NULL;
            """),
        (15, """
            ALTER TABLE workflow_instances ADD COLUMN start_key TEXT NULL;
            CREATE UNIQUE INDEX ux_workflow_instances_start_key ON workflow_instances (start_key);
            """),
        (16, """
            CREATE TABLE dead_letters (
                id                INTEGER PRIMARY KEY AUTOINCREMENT,
                topic             TEXT NOT NULL,
                partition         INTEGER NOT NULL,
                offset            INTEGER NOT NULL,
                consumer_group    TEXT NOT NULL,
                dead_letter_topic TEXT NOT NULL,
                flow              TEXT NULL,
                record_key        TEXT NULL,
                headers           TEXT NOT NULL,
                payload           BLOB NOT NULL,
                reason            TEXT NOT NULL,
                exception_type    TEXT NOT NULL,
                attempts          INTEGER NOT NULL,
                failures          INTEGER NOT NULL,
                workflow          TEXT NULL,
                instance_id       TEXT NULL,
                first_failed_at   TEXT NOT NULL,
                last_failed_at    TEXT NOT NULL,
                status            TEXT NOT NULL,
                replays           INTEGER NOT NULL DEFAULT 0,
                replayed_at       TEXT NULL,
                resolved_at       TEXT NULL,
                discarded_at      TEXT NULL,
                discarded_by      TEXT NULL,
                discard_reason    TEXT NULL,
                history           TEXT NOT NULL DEFAULT '[]',
                UNIQUE (consumer_group, topic, partition, offset)
            );
            CREATE INDEX ix_dead_letters_topic ON dead_letters (topic, id);
            CREATE INDEX ix_dead_letters_flow ON dead_letters (flow, id);
            CREATE INDEX ix_dead_letters_status ON dead_letters (status, id);
            """),
        (17, """
            CREATE INDEX ix_workflow_instances_correlation ON workflow_instances (correlation_id, created_at) WHERE correlation_id IS NOT NULL;
            CREATE INDEX ix_workflow_instances_sub_status ON workflow_instances (sub_status, created_at);
            CREATE INDEX ix_workflow_instances_minute ON workflow_instances (created_at, definition_id, sub_status);
            CREATE INDEX ix_dead_letters_flow_status ON dead_letters (flow, status);
            """),
        (18, """
            ALTER TABLE quarantine ADD COLUMN replays INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE quarantine ADD COLUMN last_replayed_at TEXT NULL;
            ALTER TABLE quarantine ADD COLUMN discarded_at TEXT NULL;
            ALTER TABLE quarantine ADD COLUMN discarded_by TEXT NULL;
            ALTER TABLE quarantine ADD COLUMN discard_reason TEXT NULL;
            """),
        (19, """
            DROP INDEX IF EXISTS ix_quarantine_open;
            CREATE INDEX ix_quarantine_open ON quarantine (last_seen, id) WHERE released_at IS NULL AND discarded_at IS NULL;
            CREATE INDEX ix_quarantine_seen ON quarantine (last_seen, id);
            """),
    ];

    /// <summary>The newest schema version this build migrates to.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var folder = Path.GetDirectoryName(connections.FullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;").ConfigureAwait(false);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);").ConfigureAwait(false);
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations").ConfigureAwait(false)).ToHashSet();
        foreach (var (version, sql) in Migrations)
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(sql, transaction: tx).ConfigureAwait(false);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)",
                new { version, at = time.GetUtcNow().ToString("O") }, tx).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogApplied(logger, version, connections.FullPath);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied store migration {Version} to {Path}")]
    private static partial void LogApplied(ILogger logger, int version, string path);
}
