using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Reads a connector's changes since the cursor saved under <c>{definitionId}/{system}/{entity}/{cursorKey}</c> and runs
/// its body per record (or per page) with the record in a variable. A page's cursor is saved only after the body ran
/// for every record of the page, so a fault (or a crash) re-reads the page: at-least-once, with the duplicate rules of
/// <see cref="IChangeReader"/> (effects must be keyed by identity and source version). A reader failure faults the
/// activity, so the engine's retry policy applies and the next attempt resumes from the last saved cursor. Two runs on one
/// cursor (a schedule and a webhook of the same flow) take turns (<see cref="CursorLocks"/>). In a run that replays
/// quarantined records (<see cref="QuarantineReplayInput"/>) it hands the body those records instead.
/// </summary>
[Activity("Connector.ReadChanges", "Reads a connector's changes since the saved cursor and runs its activities per record (or per page); saves the cursor after each processed page.", Composite = true)]
[ActivityInput("system", typeof(string), "The connector's system name, e.g. fxiaoke; a literal must be a registered connector.", Required = true, NameKind = NameKinds.Connector)]
[ActivityInput("entity", typeof(string), "The canonical entity: customer, order, receivable, payment, marketing-contact.", Required = true)]
[ActivityInput("variable", typeof(string), "Declared json variable that holds the current record (per: record) or the page's records as an array (per: page).", Required = true, VariableName = true)]
[ActivityInput("cursorKey", typeof(string), "Distinguishes several reads of one system and entity in one workflow; the default is 'default'.")]
[ActivityInput("per", typeof(string), "Run the body once per record (default) or once per page.", Allowed = ["record", "page"])]
[ActivityInput("maxPages", typeof(int), "Stop after this many pages (0, the default: read until caught up).")]
[ActivityInput("countVariable", typeof(string), "Declared variable that receives how many records were processed.", VariableName = true)]
internal sealed class ReadChangesActivity : IActivity
{
    /// <summary>Records a replay run hands the body at a time (the size of a connector page).</summary>
    private const int ReplayPage = 100;

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var system = ConnectorActivityInputs.System(context);
        var entity = ConnectorActivityInputs.Entity(context);
        var variable = context.Input<string>("variable")!;
        var perPage = context.Input<string>("per") == "page";
        var maxPages = context.HasInput("maxPages") ? context.Input<int>("maxPages") : 0;
        var cursorKey = $"{context.DefinitionId}/{system}/{entity}/{(context.Input<string>("cursorKey") is { Length: > 0 } k ? k : "default")}";

        if (QuarantineReplayInput.Of(context.Scope.Input) is { } replay)
        {
            var replayed = await ReplayAsync(context, system, entity, variable, perPage, replay).ConfigureAwait(false);
            SetCount(context, replayed);
            return ActivityOutcomes.Done;
        }

        var reader = context.Services.GetRequiredService<ConnectorRegistry>().GetReader(system, entity);
        var cursors = context.Services.GetRequiredService<IConnectorCursorStore>();
        var crossReferences = context.Services.GetRequiredService<ICrossReferenceStore>();
        var cancellationToken = context.CancellationToken;
        using var claim = await context.Services.GetRequiredService<CursorLocks>().AcquireAsync(cursorKey, cancellationToken).ConfigureAwait(false);
        var cursor = await cursors.GetAsync(cursorKey, cancellationToken).ConfigureAwait(false);
        var pages = 0;
        var count = 0L;
        var caughtUp = true;
        await foreach (var page in reader.ReadChangesAsync(cursor, cancellationToken).ConfigureAwait(false))
        {
            var records = new List<JsonObject>(page.Records.Count);
            foreach (var record in page.Records)
            {
                var hubId = await crossReferences.HubIdOfAsync(record.Identity, cancellationToken).ConfigureAwait(false);
                records.Add(RecordJson.ToJson(record, hubId));
            }

            if (!await RunBodyAsync(context, variable, perPage, records).ConfigureAwait(false))
            {
                caughtUp = false;
                break; // an End ran before the page was done: its cursor stays unsaved, the page is read again next time
            }

            await cursors.SaveAsync(cursorKey, page.Cursor, cancellationToken).ConfigureAwait(false);
            count += records.Count;
            context.Services.GetService<FlowStatistics>()?.Add(context.DefinitionId, "read", records.Count);
            if (context.WorkflowFinishing || (maxPages > 0 && ++pages >= maxPages))
            {
                caughtUp = false;
                break;
            }
        }

        if (caughtUp)
        {
            context.Services.GetService<FlowStatistics>()?.CaughtUp(cursorKey, context.Time.GetUtcNow());
        }

        SetCount(context, count);
        return ActivityOutcomes.Done;
    }

    private static void SetCount(ActivityContext context, long count)
    {
        if (context.Input<string>("countVariable") is { Length: > 0 } countVariable)
        {
            context.SetVariable(countVariable, count);
        }
    }

    /// <summary>
    /// A replay run (<see cref="QuarantineReplayInput"/>): the stored records of the given quarantine entries that this
    /// flow refused from this system and entity (and that nobody discarded) go through the body in pages of
    /// <see cref="ReplayPage"/>; the connector is not read and the cursor is not touched.
    /// </summary>
    private static async ValueTask<long> ReplayAsync(ActivityContext context, string system, CanonicalEntity entity, string variable, bool perPage, IReadOnlyList<long> ids)
    {
        var quarantine = context.Services.GetRequiredService<IQuarantineStore>();
        var crossReferences = context.Services.GetRequiredService<ICrossReferenceStore>();
        var cancellationToken = context.CancellationToken;
        var records = new List<JsonObject>();
        foreach (var id in ids.Distinct())
        {
            if (await quarantine.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } entry || entry.Flow != context.DefinitionId
                || entry.Record.System != system || entry.Record.Entity != entity || entry.Status == QuarantineStatus.Discarded)
            {
                continue;
            }

            using var payload = JsonDocument.Parse(entry.PayloadJson);
            var record = new CanonicalRecord(system, entity, entry.Record.ExternalId, entry.SourceVersion, payload.RootElement.Clone());
            records.Add(RecordJson.ToJson(record, await crossReferences.HubIdOfAsync(record.Identity, cancellationToken).ConfigureAwait(false)));
        }

        var count = 0L;
        foreach (var page in records.Chunk(ReplayPage))
        {
            if (!await RunBodyAsync(context, variable, perPage, [.. page]).ConfigureAwait(false))
            {
                break;
            }

            count += page.Length;
            context.Services.GetService<FlowStatistics>()?.Add(context.DefinitionId, "replayed", page.Length);
            if (context.WorkflowFinishing)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>Runs the body for the page; false when the workflow finished before every record was processed.</summary>
    private static async ValueTask<bool> RunBodyAsync(ActivityContext context, string variable, bool perPage, List<JsonObject> records)
    {
        if (perPage)
        {
            context.SetVariable(variable, new JsonArray([.. records]));
            await context.RunBodyAsync().ConfigureAwait(false);
            return true;
        }

        for (var i = 0; i < records.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.SetVariable(variable, records[i]);
            await context.RunBodyAsync().ConfigureAwait(false);
            if (context.WorkflowFinishing && i < records.Count - 1)
            {
                return false;
            }
        }

        return true;
    }
}
