using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Puts a record in this flow's quarantine with the reasons the flow gives (for example a target's refusal), so it is
/// listed by <c>GET /api/v1/quarantine</c> and counted, instead of failing the run and holding up every record after it.
/// Like a record <c>Customer.Normalize</c> refuses, it stays until a later version of the same source record passes
/// (<c>Customer.Normalize</c> releases it) or is re-read by a backfill; it is never retried on its own.
/// </summary>
[Activity("Record.Quarantine", "Quarantines a record for this flow with the given reasons (e.g. a target refused it); listed by the quarantine API, never retried on its own.",
    SideEffects = true)]
[ActivityInput("entity", typeof(string), "The canonical entity: customer, order, receivable, payment, marketing-contact.", Required = true)]
[ActivityInput("record", typeof(JsonNode), "The record { system, externalId, sourceVersion, payload }.", Required = true)]
[ActivityInput("reasons", typeof(JsonNode), "The reasons as an object { key: text }, e.g. { kingdee: \"${ refused[0].message }\" }.", Required = true)]
[ActivityInput(ActivityItems.Each, typeof(JsonNode), "An array: one quarantine entry per element (in the variable 'as' names), e.g. per refused record of a batch.")]
[ActivityInput(ActivityItems.As, typeof(string), ActivityItems.AsDescription, VariableName = true)]
[ActivityInput(ActivityItems.Where, typeof(bool), ActivityItems.WhereDescription)]
internal sealed class QuarantineActivity : IActivity
{
    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var entity = ConnectorActivityInputs.Entity(context);
        var services = context.Services;
        var store = services.GetRequiredService<IQuarantineStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var _ in ActivityItems.Select(context))
        {
            var record = RecordJson.ReadOne(context.Input<JsonNode>("record"), entity, context.ActivityId);
            await store.QuarantineAsync(context.DefinitionId, record, Reasons(context), now, context.CancellationToken).ConfigureAwait(false);
            services.GetService<FlowStatistics>()?.Add(context.DefinitionId, "quarantined");
        }

        return ActivityOutcomes.Done;
    }

    private static Dictionary<string, string> Reasons(ActivityContext context)
    {
        if (context.Input<JsonNode>("reasons") is not JsonObject given || given.Count == 0)
        {
            throw new ArgumentException($"activity '{context.ActivityId}': reasons must be a non-empty object {{ key: text }}");
        }

        return given.ToDictionary(p => p.Key, p => p.Value switch
        {
            null => "(no reason given)",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            var other => other.ToJsonString(),
        }, StringComparer.Ordinal);
    }
}
