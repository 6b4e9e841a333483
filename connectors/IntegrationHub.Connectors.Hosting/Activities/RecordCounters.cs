using System.Diagnostics.Metrics;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Records per target, entity and status (<c>Created</c>, <c>Updated</c>, <c>Unchanged</c>, <c>Stale</c>, <c>Failed</c>,
/// ...) on the meter <c>IntegrationHub.Records</c>, counter <c>hub.records.upserted</c>; any metrics listener or exporter
/// reads them.
/// </summary>
internal static class RecordCounters
{
    public const string MeterName = "IntegrationHub.Records";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Upserted = Meter.CreateCounter<long>("hub.records.upserted", unit: "{record}", description: "Records through Connector.Upsert by outcome.");

    private static readonly Counter<long> Ignored = Meter.CreateCounter<long>("hub.records.fields_ignored", unit: "{field}", description: "Changes to fields the source system does not own, ignored by Record.Observe.");

    public static void CountIgnored(string system, CanonicalEntity entity, int fields)
    {
        if (fields > 0)
        {
            Ignored.Add(fields, new("system", system), new("entity", entity.Name));
        }
    }

    public static void Count(string system, CanonicalEntity entity, RecordUpsertStatus status) =>
        Upserted.Add(1, new("system", system), new("entity", entity.Name), new("status", status.ToString()));
}
