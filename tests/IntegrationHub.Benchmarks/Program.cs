using System.Globalization;
using BenchmarkDotNet.Running;
using IntegrationHub.Benchmarks.Connectors;
using IntegrationHub.Benchmarks.Kafka;
using IntegrationHub.Benchmarks.Micro;

namespace IntegrationHub.Benchmarks;

internal static class Program
{
    private const string Usage = """
        Usage: dotnet run -c Release --project tests/IntegrationHub.Benchmarks -- <mode> [options]

          kafka  End-to-end load on the embedded Kafka cluster: raw Confluent.Kafka produce,
                 raw consume->produce pipeline, and the hub consumer loop (topic -> handler -> topic).
                 Options: --messages N (default 30000; the embedded cluster keeps about 5 MiB per
                          partition, 4 partitions per topic, so about 35000 CloudEvent records fit),
                          --timeout-seconds S (default 900, the whole run),
                          --raw-rounds R (raw produce and raw pipeline repeated on fresh topics, median
                          reported; default 5),
                          --hub-rounds R (timed hub loop rounds on fresh topics after one untimed warm-up
                          round, median reported; default 3),
                          --hub-consumers K (hub loops in the measured group, default 1),
                          --workflow-rounds R (topic -> workflow with a map -> topic on the whole hub, persistence
                          onSuspendOrFault, after one untimed warm-up round; default 3, 0 skips the workflow phases),
                          --persisted-sample N (the same pipeline with persistence always on N records; default 2000,
                          0 skips it),
                          --max-in-flight M (Kafka:MaxInFlight of the hub loops; default: the hub's default),
                          --scale-out K (extra phase re-reading the input with K hub loops in a new group,
                          default 4 = one per partition; 0 skips it),
                          --serial-sample N (diagnostic rows: plain consume -> await ProduceAsync one at a
                          time, linger.ms 5 and 0, on the first N records; default 3000, 0 skips them)
          connectors  Connector throughput against the Fxiaoke sandbox (own Kestrel on 127.0.0.1) through the real
                 FxiaokeClient and FxiaokeOrderUpserter on the HTTP plumbing: orders upserted (created, then
                 updated again) and SalesOrderObj records read in pages of 100, records/s; then the
                 hub's Connector.ReadChanges -> Connector.Upsert workflow between two stub CRMs (Kestrel)
                 with cursors and cross-references in SQLite, per page and per record.
                 Options: --orders N (default 2000), --concurrency C (parallel upserts, each worker owning its
                          customers as Kafka keys would; default 8), --timeout-seconds S (default 600),
                          --published-limits 1 (keep Fxiaoke's 60 calls/20 s per interface; default 0 = off,
                          since it caps any run at about 3 calls/s per interface)
          flows  The customer flow (workflows/crm-customers.yaml) end to end on the whole hub against the sandboxes:
                 N new CRM accounts to Kingdee, Xero and Mailchimp in one run, with the vendors' published limits on
                 and then off; records/s, vendor calls per record, and the ratio to the theoretical maximum of the
                 binding limit (Xero). Options: --accounts N (default 6000), --timeout-seconds S (default 1800).
          erp-flows  The ERP-side flows end to end on the whole hub against the sandboxes: C Kingdee customers to the
                 CRM (erp-customers), then O Kingdee orders for them to the CRM (kingdee-orders -> erp.order-changes
                 -> erp-order-changes-to-crm), then P orders pushed to the API (erp-orders-to-crm), then S CRM
                 confirmations approved in the ERP (crm-order-status-to-erp), limits on and off, as a ratio of the
                 binding limit (Fxiaoke's 3 creates/s; Kingdee's 10 calls/s over 3 calls per approval). Options:
                 --customers C (default 300), --orders O (default 600), --pushes P (default 300), --statuses S
                 (default 200), --timeout-seconds S (default 1800).
          finance  Issue 10's figures: the receivables sync (finance-receivables) of two years of Xero history, limits on
                 and off, as a ratio to Xero's quota-bound maximum (60 calls/min x 100 records a page); the finance API
                 from a separate load process (pages/s walking by page tokens, CSV MB/s); customer value for C customers
                 (time, allocations, peak heap). Options: --invoices N (default 12000), --customers C (default 100000),
                 --load-seconds S (default 20), --value-only (only the customer value part), --timeout-seconds S
                 (default 1800).
          saturate  The whole job (issue 13): the demo's load, ERP orders pushed to the API and upserted into the CRM
                 sandbox by erp-orders-to-crm, paced (open loop) and doubled each step until something saturates;
                 offered/accepted/delivered rates, push p50/p99, backlog, writer utilisation, CPU, and what saturated.
                 Options: --from R (default 2, the demo's rate), --to R (default 4096), --seconds S (default 10 per
                 step), --customers C (default 200; each one's first order also creates its account), --limits (the
                 vendors' published limits on; default off), --timeout-seconds S (default 1800).
          instances  Persisted workflow instances under load (issue 13): a 10-activity workflow with persistence always,
                 started by C callers at once on a SQLite file; instances/s, wall and CPU time per instance, writes per
                 group commit, working set. Options: --concurrency 1,16,64,256 (default), --seconds S (default 10),
                 --synchronous full|normal (default full).
          push   Issue 13's intake measurement: POST /api/v1/orders on the hub (its own process, embedded Kafka, SQLite,
                 no workflows) and on a bare minimal API binding the same body, loaded by wrk (Debian's, installed when
                 missing) with a unique Idempotency-Key per request, rounds alternating between the two; medians of
                 req/s, p50/p99, the hub/bare ratio, the hub's CPU per push and its resident memory.
                 Options: --connections 16,64 (default), --rounds R (default 3), --seconds S (default 10 per round),
                          --synchronous full|normal (the hub's Store:Synchronous; default full, as the hub's own).
          push-scale  Issue 12's measurement: the same durable push on SQLite (one hub) and on PostgreSQL with 1 and 3 hubs
                 (each its own process; one shared Kafka cluster; one durable throwaway PostgreSQL server), wrk loading
                 every hub at once; summed req/s, the worst hub's p50/p99, CPU per push. Options: --instances 1,3
                 (default), --connections C (default 64, split over the hubs), --rounds R (default 3), --seconds S (default 10).
          console  Issue 14's page budget: every console page fetched signed in, timed (p50/p95/max ms), with the store filled
                 with N workflow instances and D dead letters through the hub's own stores; and the overview's live refresh.
                 Options: --instances N (default 100000), --dead-letters D (default 10000), --samples S (default 30).
          fxiaoke  Fxiaoke connector throughput against the sandbox CRM (records/s read and upserted, without and
                 with injected faults). Options: --records N (default 3000), --rounds R (default 3).
          micro  BenchmarkDotNet (ShortRun) micro benchmarks: CloudEventKafkaCodec.ToKafka/FromKafka and the
                 workflow engine (--filter *Workflow*).
                 Further arguments go to BenchmarkDotNet (default: --filter *).
        """;

    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "";
        var rest = args.Length > 0 ? args[1..] : [];
        switch (mode)
        {
            case "kafka":
                if (!KafkaLoadSettings.TryParse(rest, out var settings, out var error))
                {
                    await Console.Error.WriteLineAsync(error + Environment.NewLine + Usage).ConfigureAwait(false);
                    return 2;
                }

                return await KafkaLoadDriver.RunAsync(settings, TimeProvider.System).ConfigureAwait(false);
            case "connectors":
                if (!ConnectorLoadSettings.TryParse(rest, out var connectorSettings, out var connectorError))
                {
                    await Console.Error.WriteLineAsync(connectorError + Environment.NewLine + Usage).ConfigureAwait(false);
                    return 2;
                }

                return await ConnectorLoadDriver.RunAsync(connectorSettings).ConfigureAwait(false);
            case "flows":
                using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Option(rest, "--timeout-seconds", 1800))))
                {
                    return await Flows.CustomerFlowDriver.RunAsync(Option(rest, "--accounts", 6000), timeout.Token).ConfigureAwait(false);
                }
            case "erp-flows":
                using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Option(rest, "--timeout-seconds", 1800))))
                {
                    return await Flows.ErpFlowDriver.RunAsync(Option(rest, "--customers", 300), Option(rest, "--orders", 600), Option(rest, "--pushes", 300), Option(rest, "--statuses", 200), timeout.Token).ConfigureAwait(false);
                }
            case "finance":
                using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Option(rest, "--timeout-seconds", 1800))))
                {
                    return await Flows.FinanceDriver.RunAsync(Option(rest, "--invoices", 12000), Option(rest, "--customers", 100_000), Option(rest, "--load-seconds", 20), rest.Contains("--value-only"), timeout.Token).ConfigureAwait(false);
                }
            case "finance-load":
                return await Flows.FinanceLoad.RunAsync(rest[0], int.Parse(rest[1], CultureInfo.InvariantCulture)).ConfigureAwait(false);
            case "saturate":
                using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Option(rest, "--timeout-seconds", 1800))))
                {
                    return await Flows.SaturationDriver.RunAsync(Option(rest, "--from", 2), Option(rest, "--to", 4096), Option(rest, "--seconds", 10), Option(rest, "--customers", 200), rest.Contains("--limits"), timeout.Token).ConfigureAwait(false);
                }
            case "instances":
                return await Instances.InstanceLoadDriver.RunAsync(Connections(rest, "--concurrency", [1, 16, 64, 256]), Option(rest, "--seconds", 10), Text(rest, "--synchronous", "full")).ConfigureAwait(false);
            case "push":
                return await Push.PushLoadDriver.RunAsync(Connections(rest), Option(rest, "--rounds", 3), Option(rest, "--seconds", 10), Text(rest, "--synchronous", "full"), CancellationToken.None).ConfigureAwait(false);
            case "push-scale":
                return await Push.PushScaleDriver.RunAsync(Connections(rest, "--instances", [1, 3]), Option(rest, "--connections", 64), Option(rest, "--rounds", 3), Option(rest, "--seconds", 10), CancellationToken.None).ConfigureAwait(false);
            case "console":
                return await WebConsole.ConsolePageDriver.RunAsync(Option(rest, "--instances", 100_000), Option(rest, "--dead-letters", 10_000), Option(rest, "--samples", 30), CancellationToken.None).ConfigureAwait(false);
            case "fxiaoke":
                return await Connectors.FxiaokeThroughputDriver.RunAsync(Option(rest, "--records", 3000), Option(rest, "--rounds", 3)).ConfigureAwait(false);
            case "micro":
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
                    .Run(rest.Length > 0 ? rest : ["--filter", "*"], MicroBenchmarkConfig.Create());
                return 0;
            default:
                await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
                return 2;
        }
    }

    private static int[] Connections(string[] args, string name = "--connections", int[]? fallback = null)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length
            ? args[i + 1].Split(',').Select(c => int.Parse(c, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray()
            : fallback ?? [16, 64];
    }

    private static string Text(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
