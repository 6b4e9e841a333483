using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Identity;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Upserts records through a connector and records the cross-reference of each written record: the hub id (already
/// linked to the source record, or derived from its identity with <see cref="HubIds.For"/>) is linked to the source
/// record and to the target id. Records the connector refuses, or whose target id belongs to another hub record, are
/// listed in <c>errorsVariable</c> and the outcome is <c>PartialFailure</c>; a failure of the whole batch (system down,
/// throttled, circuit open) faults the activity so the engine's retry policy re-sends the batch, which is safe because
/// upserts are idempotent.
/// </summary>
[Activity("Connector.Upsert", "Upserts records through a connector and records the cross-reference hub id <-> external id of each; refused records go to errorsVariable with outcome PartialFailure.", SideEffects = true,
    Outcomes = [ActivityOutcomes.Done, PartialFailure])]
[ActivityInput("system", typeof(string), "The target connector's system name, e.g. fxiaoke; a literal must be a registered connector.", Required = true, NameKind = NameKinds.Connector)]
[ActivityInput("entity", typeof(string), "The canonical entity: customer, order, receivable, marketing-contact.", Required = true)]
[ActivityInput("records", typeof(JsonNode), "A record { system, externalId, sourceVersion, payload } (the source identity) or an array of them, e.g. ${ record }.", Required = true)]
[ActivityInput("resultVariable", typeof(string), "Declared json variable that receives one result per record: { record, hubId, status, targetId }.", VariableName = true)]
[ActivityInput("errorsVariable", typeof(string), "Declared json variable that receives the refused records: { record, code, message, retryable }.", VariableName = true)]
internal sealed class UpsertActivity : IActivity
{
    public const string PartialFailure = "PartialFailure";

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var system = ConnectorActivityInputs.System(context);
        var entity = ConnectorActivityInputs.Entity(context);
        var records = RecordJson.ReadMany(context.Input<JsonNode>("records"), entity);
        var upserter = context.Services.GetRequiredService<ConnectorRegistry>().GetUpserter(system, entity);
        var crossReferences = context.Services.GetRequiredService<ICrossReferenceStore>();
        var cancellationToken = context.CancellationToken;

        var results = records.Count == 0 ? [] : await upserter.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
        if (results.Count != records.Count)
        {
            throw new InvalidOperationException($"Connector '{system}' answered {results.Count} results for {records.Count} records; it must answer one per record.");
        }

        var output = new JsonArray();
        var errors = new JsonArray();
        for (var i = 0; i < records.Count; i++)
        {
            var source = records[i].Identity;
            var result = results[i];
            var hubId = await crossReferences.FindHubIdAsync(source, cancellationToken).ConfigureAwait(false)
                ?? HubIds.For(source.System, source.Entity.Name, source.ExternalId);
            var error = result.Error;
            if (error is null && result.TargetId is { Length: > 0 } targetId)
            {
                error = await LinkAsync(crossReferences, hubId, source, new RecordIdentity(system, entity, targetId), cancellationToken).ConfigureAwait(false);
            }
            else if (error is null)
            {
                error = new RecordError(source, "NoTargetId", $"connector '{system}' reported {result.Status} without a target id");
            }

            output.Add(new JsonObject
            {
                ["record"] = RecordJson.ToJson(source),
                ["hubId"] = hubId.ToString(),
                ["status"] = (error is null ? result.Status : RecordUpsertStatus.Failed).ToString(),
                ["targetId"] = result.TargetId,
            });
            if (error is not null)
            {
                errors.Add(new JsonObject
                {
                    ["record"] = RecordJson.ToJson(source),
                    ["code"] = error.Code,
                    ["message"] = error.Message,
                    ["retryable"] = error.Retryable,
                });
            }
        }

        if (context.Input<string>("resultVariable") is { Length: > 0 } resultVariable)
        {
            context.SetVariable(resultVariable, output);
        }

        if (context.Input<string>("errorsVariable") is { Length: > 0 } errorsVariable)
        {
            context.SetVariable(errorsVariable, errors);
        }

        return errors.Count == 0 ? ActivityOutcomes.Done : PartialFailure;
    }

    private static async Task<RecordError?> LinkAsync(ICrossReferenceStore store, Guid hubId, RecordIdentity source, RecordIdentity target, CancellationToken cancellationToken)
    {
        try
        {
            await store.LinkAsync(hubId, source, cancellationToken).ConfigureAwait(false);
            if (target != source)
            {
                await store.LinkAsync(hubId, target, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }
        catch (CrossReferenceConflictException ex)
        {
            return new RecordError(source, "CrossReferenceConflict", ex.Message);
        }
    }
}
