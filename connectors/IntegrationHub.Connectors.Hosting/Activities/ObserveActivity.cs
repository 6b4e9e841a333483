using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Messaging;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Records a source record in the hub's canonical store and says whether it changed: <c>Changed</c> (new content,
/// stored), <c>Unchanged</c> (the same content hash as stored) or <c>Stale</c> (an older version than the newest seen
/// from that source system). The record is first merged into the stored state under the field ownership rules
/// (<see cref="RecordOwnershipOptions"/>): changes to fields another system owns are ignored and counted; the merged
/// record is what is stored, hashed, sent in the event and put in <c>resultVariable</c> for the targets. When another
/// change of the record commits between the read and the write, the merge is repeated on the new state.
/// With <c>topic</c>, a change queues a CloudEvent <c>hub.&lt;entity&gt;.changed</c> (key: the hub id, or <c>key</c>) in
/// the same transaction; the record event relay publishes queued events in order. Given an array of records (a page read
/// with <c>per: page</c>), each is observed in turn, the outcome is <c>Done</c> and the result is the array of the records
/// that are not stale (a stale record stops there, as the <c>Stale</c> outcome stops a single record).
/// </summary>
[Activity("Record.Observe", "Stores a source record's canonical state with its content hash; outcome Changed, Unchanged or Stale; a change queues its event in the same transaction.",
    SideEffects = true, Outcomes = [Changed, Unchanged, Stale, ActivityOutcomes.Done])]
[ActivityInput("entity", typeof(string), "The canonical entity: customer, order, receivable, payment, marketing-contact.", Required = true)]
[ActivityInput("record", typeof(JsonNode), "The source record { system, externalId, sourceVersion, payload }, e.g. ${ record }; or an array of them (a page), which gives outcome Done.", Required = true)]
[ActivityInput("topic", typeof(string), "Topic the change event goes to (through the outbox); none: no event.")]
[ActivityInput("key", typeof(string), "Kafka key of the change event; the default is the record's hub id.")]
[ActivityInput("resultVariable", typeof(string), "Declared json variable that receives { hubId, hash, outcome, ignoredFields, record } (record: the merged record to write to targets); for an array, an array of them without the stale records.", VariableName = true)]
internal sealed class ObserveActivity : IActivity
{
    public const string Changed = "Changed";
    public const string Unchanged = "Unchanged";
    public const string Stale = "Stale";
    public static readonly Uri EventSource = new("/integration-hub/records", UriKind.Relative);
    private const int MaxAttempts = 5;

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var entity = ConnectorActivityInputs.Entity(context);
        var input = context.Input<JsonNode>("record");
        var records = input is JsonArray ? RecordJson.ReadMany(input, entity) : [RecordJson.ReadOne(input, entity, context.ActivityId)];
        var topic = context.Input<string>("topic");
        var key = context.Input<string>("key");
        var results = new JsonArray();
        var outcome = ObservationOutcome.Unchanged;
        foreach (var record in records)
        {
            (outcome, var result) = await ObserveAsync(context, record, topic, key).ConfigureAwait(false);
            if (outcome != ObservationOutcome.Stale || input is not JsonArray)
            {
                results.Add(result);
            }
        }

        if (context.Input<string>("resultVariable") is { Length: > 0 } resultVariable)
        {
            context.SetVariable(resultVariable, input is JsonArray ? results : results[0]!.DeepClone());
        }

        return input is JsonArray ? ActivityOutcomes.Done : outcome.ToString();
    }

    private static async Task<(ObservationOutcome Outcome, JsonObject Result)> ObserveAsync(ActivityContext context, CanonicalRecord record, string? topic, string? key)
    {
        var cancellationToken = context.CancellationToken;
        var hubId = await context.Services.GetRequiredService<ICrossReferenceStore>().HubIdOfAsync(record.Identity, cancellationToken).ConfigureAwait(false);
        var now = (context.Services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var store = context.Services.GetRequiredService<ICanonicalRecordStore>();
        var ownership = context.Services.GetService<IOptions<RecordOwnershipOptions>>()?.Value ?? new RecordOwnershipOptions();

        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.GetAsync(hubId, cancellationToken).ConfigureAwait(false);
            var (payload, ignored) = RecordMerge.Merge(record, stored?.Payload, ownership);
            var merged = record with { Payload = payload };
            var hash = CanonicalHash.Of(payload);
            var changeEvent = topic is { Length: > 0 }
                ? new OutgoingMessage(topic, key is { Length: > 0 } ? key : hubId.ToString(), Event(hubId, hash, merged, now))
                : null;
            var outcome = await store.ObserveAsync(hubId, merged, hash, now, changeEvent, stored?.Hash, cancellationToken).ConfigureAwait(false);
            if (outcome == ObservationOutcome.Conflict)
            {
                if (attempt < MaxAttempts)
                {
                    continue;
                }

                throw new InvalidOperationException($"{context.ActivityId}: hub record {hubId} kept changing under this observation ({MaxAttempts} attempts); the retry policy may run it again.");
            }

            RecordCounters.CountIgnored(record.System, record.Entity, ignored.Count);
            var stats = context.Services.GetService<FlowStatistics>();
            stats?.Add(context.DefinitionId, "ignoredFields", ignored.Count);
            if (outcome == ObservationOutcome.Changed)
            {
                stats?.Add(context.DefinitionId, "changed");
                if (changeEvent is not null)
                {
                    context.Services.GetService<RecordEventSignal>()?.Raise();
                }
            }

            return (outcome, new JsonObject
            {
                ["hubId"] = hubId.ToString(),
                ["hash"] = hash,
                ["outcome"] = outcome.ToString(),
                ["ignoredFields"] = new JsonArray([.. ignored.Select(f => (JsonNode)JsonValue.Create(f))]),
                ["record"] = RecordJson.ToJson(merged, hubId),
            });
        }
    }

    /// <summary>The change event: its id is stable per (hub id, content), so a consumer recognises a re-sent change.</summary>
    private static CloudEvent Event(Guid hubId, string hash, CanonicalRecord record, DateTimeOffset now) => new()
    {
        Id = $"{hubId:N}-{hash[..32]}",
        Source = EventSource,
        Type = $"hub.{record.Entity.Name}.changed",
        Time = now,
        Subject = hubId.ToString(),
        Data = JsonSerializer.SerializeToUtf8Bytes(new
        {
            hubId,
            entity = record.Entity.Name,
            source = new { system = record.System, externalId = record.ExternalId, sourceVersion = record.SourceVersion },
            hash,
            payload = record.Payload,
        }),
    };
}

/// <summary>Wakes the record event relay when a change was queued, so events leave at once instead of on the next poll.</summary>
public sealed class RecordEventSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Raise()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // already raised
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
