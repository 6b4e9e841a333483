namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema as versioned migrations, applied in order by <see cref="PostgresMigrator"/>, each once. A
/// released migration is never edited: a change is a new version. Ids are <c>uuid</c>, times <c>timestamptz</c>,
/// payloads <c>jsonb</c>, event data <c>bytea</c>.
/// </summary>
internal static class PostgresSchema
{
    public static readonly (int Version, string Name, string Sql)[] Migrations =
    [
        (1, "order intake: idempotency keys, orders, outbox", """
            CREATE TABLE idempotency_keys (
                client_id       text        NOT NULL,
                idempotency_key text        NOT NULL,
                fingerprint     text        NOT NULL,
                order_id        uuid        NOT NULL,
                created_at      timestamptz NOT NULL,
                PRIMARY KEY (client_id, idempotency_key)
            );
            CREATE INDEX ix_idempotency_keys_order ON idempotency_keys (order_id);
            CREATE TABLE orders (
                id              uuid        PRIMARY KEY,
                order_number    text        NOT NULL,
                customer_number text        NOT NULL,
                payload         jsonb       NOT NULL,
                state           text        NOT NULL,
                received_at     timestamptz NOT NULL,
                published_at    timestamptz NULL,
                delivered_at    timestamptz NULL,
                target_system   text        NULL,
                target_id       text        NULL
            );
            CREATE INDEX ix_orders_order_number ON orders (order_number);
            CREATE TABLE outbox (
                order_id     uuid        PRIMARY KEY REFERENCES orders (id),
                topic        text        NOT NULL,
                message_key  text        NOT NULL,
                event_id     text        NOT NULL,
                event_source text        NOT NULL,
                event_type   text        NOT NULL,
                event_time   timestamptz NOT NULL,
                subject      text        NULL,
                content_type text        NOT NULL,
                data         bytea       NOT NULL,
                trace_parent text        NULL,
                trace_state  text        NULL,
                created_at   timestamptz NOT NULL,
                published_at timestamptz NULL,
                partition_no integer     NULL,
                offset_no    bigint      NULL
            );
            CREATE INDEX ix_outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;
            """),
        (2, "cross-references, connector cursors, webhook replay guard", """
            CREATE TABLE cross_references (
                system      text        NOT NULL,
                entity      text        NOT NULL,
                external_id text        NOT NULL,
                hub_id      uuid        NOT NULL,
                linked_at   timestamptz NOT NULL,
                PRIMARY KEY (system, entity, external_id)
            );
            CREATE UNIQUE INDEX ux_cross_references_hub ON cross_references (hub_id, system, entity);
            CREATE TABLE connector_cursors (
                cursor_key text        PRIMARY KEY,
                cursor     text        NOT NULL,
                updated_at timestamptz NOT NULL
            );
            CREATE TABLE replay_guard (
                replay_key text        PRIMARY KEY,
                seen_at    timestamptz NOT NULL,
                expires_at timestamptz NOT NULL
            );
            CREATE INDEX ix_replay_guard_expiry ON replay_guard (expires_at);
            """),
        (3, "workflow instances, leases, bookmarks, queued events", """
            CREATE TABLE workflow_instances (
                id               uuid        PRIMARY KEY,
                definition_id    text        NOT NULL,
                version          integer     NOT NULL,
                status           text        NOT NULL,
                sub_status       text        NOT NULL,
                correlation_id   text        NULL,
                created_at       timestamptz NOT NULL,
                finished_at      timestamptz NULL,
                variables        json        NOT NULL,
                journal          json        NOT NULL,
                incident         json        NULL,
                input            json        NULL,
                position         json        NULL,
                stimulus         json        NULL,
                lease_owner      text        NULL,
                lease_expires_at timestamptz NULL
            );
            CREATE INDEX ix_workflow_instances_definition ON workflow_instances (definition_id, created_at);
            CREATE INDEX ix_workflow_instances_created ON workflow_instances (created_at);
            CREATE INDEX ix_workflow_instances_running ON workflow_instances (lease_expires_at) WHERE status = 'Running';
            CREATE INDEX ix_workflow_instances_finished ON workflow_instances (finished_at) WHERE status = 'Finished';
            CREATE TABLE workflow_bookmarks (
                id              uuid        PRIMARY KEY,
                instance_id     uuid        NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
                activity_id     text        NOT NULL,
                kind            text        NOT NULL,
                name            text        NULL,
                correlation_key text        NULL,
                due_at          timestamptz NULL,
                created_at      timestamptz NOT NULL
            );
            CREATE INDEX ix_workflow_bookmarks_instance ON workflow_bookmarks (instance_id);
            CREATE INDEX ix_workflow_bookmarks_event ON workflow_bookmarks (name, correlation_key) WHERE name IS NOT NULL;
            CREATE INDEX ix_workflow_bookmarks_due ON workflow_bookmarks (due_at) WHERE due_at IS NOT NULL;
            CREATE TABLE workflow_pending_events (
                id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name           text        NOT NULL,
                correlation_id text        NULL,
                payload        json        NULL,
                received_at    timestamptz NOT NULL,
                expires_at     timestamptz NOT NULL
            );
            CREATE INDEX ix_workflow_pending_events_name ON workflow_pending_events (name, correlation_id);
            CREATE INDEX ix_workflow_pending_events_expiry ON workflow_pending_events (expires_at);
            """),
        (4, "canonical records, target writes, record change events", """
            CREATE TABLE canonical_records (
                hub_id             uuid        PRIMARY KEY,
                entity             text        NOT NULL,
                source_system      text        NOT NULL,
                source_external_id text        NOT NULL,
                source_version     bigint      NOT NULL,
                hash               text        NOT NULL,
                payload            json        NOT NULL,
                seen_at            timestamptz NOT NULL,
                source_versions    jsonb       NOT NULL
            );
            CREATE INDEX ix_canonical_orders_customer ON canonical_records ((payload->>'customerNumber')) WHERE entity = 'order';
            CREATE INDEX ix_canonical_records_seen ON canonical_records (entity, seen_at);
            CREATE TABLE target_writes (
                target_system      text        NOT NULL,
                entity             text        NOT NULL,
                hub_id             uuid        NOT NULL,
                source_system      text        NOT NULL,
                source_external_id text        NOT NULL,
                source_version     bigint      NOT NULL,
                hash               text        NOT NULL,
                target_id          text        NOT NULL,
                written_at         timestamptz NOT NULL,
                PRIMARY KEY (target_system, entity, hub_id)
            );
            CREATE INDEX ix_target_writes_hub ON target_writes (hub_id);
            CREATE TABLE record_events (
                id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                topic        text        NOT NULL,
                message_key  text        NOT NULL,
                event_id     text        NOT NULL,
                event_source text        NOT NULL,
                event_type   text        NOT NULL,
                event_time   timestamptz NOT NULL,
                subject      text        NULL,
                content_type text        NOT NULL,
                data         bytea       NOT NULL,
                trace_parent text        NULL,
                trace_state  text        NULL,
                created_at   timestamptz NOT NULL,
                published_at timestamptz NULL,
                partition_no integer     NULL,
                offset_no    bigint      NULL
            );
            CREATE INDEX ix_record_events_unpublished ON record_events (id) WHERE published_at IS NULL;
            """),
        (5, "quarantine", """
            CREATE TABLE quarantine (
                id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                flow           text        NOT NULL,
                system         text        NOT NULL,
                entity         text        NOT NULL,
                external_id    text        NOT NULL,
                source_version bigint      NOT NULL,
                payload        json        NOT NULL,
                reasons        jsonb       NOT NULL,
                times          integer     NOT NULL,
                first_seen     timestamptz NOT NULL,
                last_seen      timestamptz NOT NULL,
                released_at    timestamptz NULL,
                UNIQUE (flow, system, entity, external_id)
            );
            CREATE INDEX ix_quarantine_open ON quarantine (last_seen) WHERE released_at IS NULL;
            """),
        (6, "receivables, payments, customer values", """
            CREATE TABLE receivables (
                system            text        NOT NULL,
                invoice_id        text        NOT NULL,
                invoice_number    text        NULL,
                customer_hub_id   uuid        NULL,
                customer_name     text        NULL,
                currency          text        NOT NULL,
                total             numeric     NOT NULL,
                paid              numeric     NOT NULL,
                credited          numeric     NOT NULL,
                due               numeric     NOT NULL,
                status            text        NOT NULL,
                issue_date        date        NULL,
                due_date          date        NULL,
                source_version    bigint      NOT NULL,
                source_updated_at timestamptz NOT NULL,
                hash              text        NOT NULL,
                payload           json        NOT NULL,
                recorded_at       timestamptz NOT NULL,
                seq               bigint      NOT NULL UNIQUE,
                PRIMARY KEY (system, invoice_id)
            );
            CREATE INDEX ix_receivables_customer ON receivables (customer_hub_id, seq);
            CREATE INDEX ix_receivables_aged ON receivables (due_date) WHERE status = 'open' AND due <> 0;
            CREATE INDEX ix_receivables_recorded ON receivables (recorded_at);
            CREATE TABLE payments (
                system          text        NOT NULL,
                payment_id      text        NOT NULL,
                invoice_id      text        NOT NULL,
                customer_hub_id uuid        NULL,
                currency        text        NULL,
                amount          numeric     NOT NULL,
                paid_on         date        NOT NULL,
                status          text        NOT NULL,
                source_version  bigint      NOT NULL,
                hash            text        NOT NULL,
                payload         json        NOT NULL,
                recorded_at     timestamptz NOT NULL,
                PRIMARY KEY (system, payment_id)
            );
            CREATE INDEX ix_payments_customer ON payments (customer_hub_id, paid_on);
            CREATE INDEX ix_payments_invoice ON payments (system, invoice_id);
            CREATE INDEX ix_payments_recorded ON payments (recorded_at);
            CREATE TABLE customer_values (
                hub_id      uuid        PRIMARY KEY,
                tier        text        NOT NULL,
                stage       text        NOT NULL,
                hash        text        NOT NULL,
                value       json        NOT NULL,
                as_of       date        NOT NULL,
                computed_at timestamptz NOT NULL
            );
            CREATE INDEX ix_customer_values_tier ON customer_values (tier, hub_id);
            CREATE INDEX ix_customer_values_stage ON customer_values (stage, hub_id);
            CREATE TABLE customer_value_breakpoints (
                id          integer     PRIMARY KEY CHECK (id = 1),
                breakpoints json        NOT NULL,
                as_of       date        NOT NULL,
                computed_at timestamptz NOT NULL
            );
            """),
        (7, "data protection keys shared by every node", """
            CREATE TABLE data_protection_keys (
                name       text        PRIMARY KEY,
                xml        text        NOT NULL,
                created_at timestamptz NOT NULL
            );
            """),
        (8, "a start key at most one workflow instance is started with (a schedule slot)", """
            ALTER TABLE workflow_instances ADD COLUMN start_key text NULL;
            CREATE UNIQUE INDEX ux_workflow_instances_start_key ON workflow_instances (start_key);
            """),
        (9, "dead letters as data: every record moved to a dead-letter topic, its replays and discards", """
            CREATE TABLE dead_letters (
                id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                topic             text        NOT NULL,
                partition         integer     NOT NULL,
                "offset"          bigint      NOT NULL,
                consumer_group    text        NOT NULL,
                dead_letter_topic text        NOT NULL,
                flow              text        NULL,
                record_key        text        NULL,
                headers           jsonb       NOT NULL,
                payload           bytea       NOT NULL,
                reason            text        NOT NULL,
                exception_type    text        NOT NULL,
                attempts          integer     NOT NULL,
                failures          integer     NOT NULL,
                workflow          text        NULL,
                instance_id       uuid        NULL,
                first_failed_at   timestamptz NOT NULL,
                last_failed_at    timestamptz NOT NULL,
                status            text        NOT NULL,
                replays           integer     NOT NULL DEFAULT 0,
                replayed_at       timestamptz NULL,
                resolved_at       timestamptz NULL,
                discarded_at      timestamptz NULL,
                discarded_by      text        NULL,
                discard_reason    text        NULL,
                history           jsonb       NOT NULL DEFAULT '[]',
                UNIQUE (consumer_group, topic, partition, "offset")
            );
            CREATE INDEX ix_dead_letters_topic ON dead_letters (topic, id);
            CREATE INDEX ix_dead_letters_flow ON dead_letters (flow, id);
            CREATE INDEX ix_dead_letters_status ON dead_letters (status, id);
            """),
        (10, "the console: instance filters by correlation id and sub-status, instances per minute and dead letters per flow and status from covering indexes", """
            CREATE INDEX ix_workflow_instances_correlation ON workflow_instances (correlation_id, created_at) WHERE correlation_id IS NOT NULL;
            CREATE INDEX ix_workflow_instances_sub_status ON workflow_instances (sub_status, created_at);
            CREATE INDEX ix_workflow_instances_minute ON workflow_instances (created_at, definition_id, sub_status);
            CREATE INDEX ix_dead_letters_flow_status ON dead_letters (flow, status);
            """),
        (11, "quarantine replays and discards", """
            ALTER TABLE quarantine ADD COLUMN replays integer NOT NULL DEFAULT 0;
            ALTER TABLE quarantine ADD COLUMN last_replayed_at timestamptz NULL;
            ALTER TABLE quarantine ADD COLUMN discarded_at timestamptz NULL;
            ALTER TABLE quarantine ADD COLUMN discarded_by text NULL;
            ALTER TABLE quarantine ADD COLUMN discard_reason text NULL;
            """),
        (12, "quarantine listing: open entries and every entry newest first, for keyset paging", """
            DROP INDEX IF EXISTS ix_quarantine_open;
            CREATE INDEX ix_quarantine_open ON quarantine (last_seen, id) WHERE released_at IS NULL AND discarded_at IS NULL;
            CREATE INDEX ix_quarantine_seen ON quarantine (last_seen, id);
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
