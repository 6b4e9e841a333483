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
/// record and to the target id. The hub remembers what it wrote to each target (<see cref="ICanonicalRecordStore"/>):
/// a record whose canonical content hash equals the last write is <c>Unchanged</c> and one older than the last write
/// from the same source system is <c>Stale</c>; neither is sent to the target, whatever the target's API knows about
/// versions. Records the connector refuses, or whose target id belongs to another hub record, are
/// listed in <c>errorsVariable</c> and the outcome is <c>PartialFailure</c>; a failure of the whole batch (system down,
/// throttled, circuit open) faults the activity so the engine's retry policy re-sends the batch, which is safe because
/// upserts are idempotent.
/// </summary>
[Activity("Connector.Upsert", "Upserts records through a connector and records the cross-reference hub id <-> external id of each; refused records go to errorsVariable with outcome PartialFailure.", SideEffects = true,
    Outcomes = [ActivityOutcomes.Done, PartialFailure])]
[ActivityInput("system", typeof(string), "The target connector's system name, e.g. fxiaoke; a literal must be a registered connector.", Required = true, NameKind = NameKinds.Connector)]
[ActivityInput("entity", typeof(string), "The canonical entity: customer, order, receivable, payment, marketing-contact.", Required = true)]
[ActivityInput("records", typeof(JsonNode), "A record { system, externalId, sourceVersion, payload } (the source identity; optional hubId: link to that hub record instead of the one derived from the source, e.g. a customer's marketing member) or an array of them, e.g. ${ record }.", Required = true)]
[ActivityInput("resultVariable", typeof(string), "Declared json variable that receives one result per record: { record (as sent), hubId, status (Created, Updated, Skipped, Unchanged, Stale, Failed), targetId, element (with each: the element it was made from) }.", VariableName = true)]
[ActivityInput("errorsVariable", typeof(string), "Declared json variable that receives the refused records: { record (as sent), code, message, retryable, element (with each) }.", VariableName = true)]
[ActivityInput(ActivityItems.Each, typeof(JsonNode), "An array, e.g. a page of records: 'records' is evaluated once per element (in the variable 'as' names) and all of them are upserted in one batch.")]
[ActivityInput(ActivityItems.As, typeof(string), ActivityItems.AsDescription, VariableName = true)]
[ActivityInput(ActivityItems.Where, typeof(bool), ActivityItems.WhereDescription)]
internal sealed class UpsertActivity : IActivity
{
    public const string PartialFailure = "PartialFailure";

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var system = ConnectorActivityInputs.System(context);
        var entity = ConnectorActivityInputs.Entity(context);
        var (records, hubIds, elements) = ReadRecords(context, entity);
        var upserter = context.Services.GetRequiredService<ConnectorRegistry>().GetUpserter(system, entity);
        var crossReferences = context.Services.GetRequiredService<ICrossReferenceStore>();
        var cancellationToken = context.CancellationToken;

        var memory = context.Services.GetRequiredService<ICanonicalRecordStore>();
        var time = context.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        var stats = context.Services.GetService<FlowStatistics>();

        var plans = new List<Plan>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var source = record.Identity;
            var hubId = hubIds[i] ?? await crossReferences.HubIdOfAsync(source, cancellationToken).ConfigureAwait(false);
            var hash = CanonicalHash.Of(record.Payload);
            var last = await memory.GetWriteAsync(system, entity, hubId, cancellationToken).ConfigureAwait(false);
            var skip = last switch
            {
                not null when last.Source.System == source.System && record.SourceVersion < last.SourceVersion => RecordUpsertStatus.Stale,
                not null when last.Hash == hash => RecordUpsertStatus.Unchanged,
                _ => (RecordUpsertStatus?)null,
            };
            plans.Add(new Plan(record, hubId, hash, skip, last?.TargetId, elements[i]));
        }

        var toWrite = plans.Where(p => p.Skip is null).Select(p => p.Record).ToList();
        var written = toWrite.Count == 0 ? [] : await upserter.UpsertAsync(toWrite, cancellationToken).ConfigureAwait(false);
        if (written.Count != toWrite.Count)
        {
            throw new InvalidOperationException($"Connector '{system}' answered {written.Count} results for {toWrite.Count} records; it must answer one per record.");
        }

        var output = new JsonArray();
        var errors = new JsonArray();
        var next = 0;
        foreach (var plan in plans)
        {
            var source = plan.Record.Identity;
            var hubId = plan.HubId;
            var result = plan.Skip is { } skipped ? RecordUpsertResult.Ok(source, plan.PreviousTargetId!, skipped) : written[next++];
            RecordCounters.Count(system, entity, result.Status);
            stats?.Add(context.DefinitionId, result.Status switch
            {
                RecordUpsertStatus.Unchanged => "unchanged",
                RecordUpsertStatus.Stale => "stale",
                RecordUpsertStatus.Failed => "failed",
                _ => "upserted",
            });
            if (plan.Skip is not null)
            {
                output.Add(Result(plan, result.Status, result.TargetId));
                continue;
            }

            var error = result.Error;
            if (error is null && result.TargetId is { Length: > 0 } targetId)
            {
                error = await LinkAsync(crossReferences, hubId, source, new RecordIdentity(system, entity, targetId), cancellationToken).ConfigureAwait(false);
                if (error is null)
                {
                    await memory.SaveWriteAsync(new TargetWrite(system, entity, hubId, source, plan.Record.SourceVersion, plan.Hash, targetId, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                }
            }
            else if (error is null)
            {
                error = new RecordError(source, "NoTargetId", $"connector '{system}' reported {result.Status} without a target id");
            }

            output.Add(Result(plan, error is null ? result.Status : RecordUpsertStatus.Failed, result.TargetId));
            if (error is not null)
            {
                var refused = new JsonObject
                {
                    ["record"] = RecordJson.ToJson(plan.Record, hubId),
                    ["code"] = error.Code,
                    ["message"] = error.Message,
                    ["retryable"] = error.Retryable,
                };
                if (plan.Element is not null)
                {
                    refused["element"] = plan.Element.DeepClone();
                }

                errors.Add(refused);
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

    private static JsonObject Result(Plan plan, RecordUpsertStatus status, string? targetId)
    {
        var result = new JsonObject
        {
            ["record"] = RecordJson.ToJson(plan.Record, plan.HubId),
            ["hubId"] = plan.HubId.ToString(),
            ["status"] = status.ToString(),
            ["targetId"] = targetId,
        };
        if (plan.Element is not null)
        {
            result["element"] = plan.Element.DeepClone();
        }

        return result;
    }

    /// <summary>The records to write: the <c>records</c> input once, or once per element of <c>each</c> (remembering the element of each record).</summary>
    private static (List<CanonicalRecord> Records, List<Guid?> HubIds, List<JsonNode?> Elements) ReadRecords(ActivityContext context, CanonicalEntity entity)
    {
        var records = new List<CanonicalRecord>();
        var hubIds = new List<Guid?>();
        var elements = new List<JsonNode?>();
        foreach (var element in ActivityItems.Select(context))
        {
            var input = context.Input<JsonNode>("records");
            var read = RecordJson.ReadMany(input, entity);
            records.AddRange(read);
            hubIds.AddRange(RecordJson.ReadHubIds(input));
            elements.AddRange(Enumerable.Repeat(element, read.Count));
        }

        return (records, hubIds, elements);
    }

    private sealed record Plan(CanonicalRecord Record, Guid HubId, string Hash, RecordUpsertStatus? Skip, string? PreviousTargetId, JsonNode? Element);

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
