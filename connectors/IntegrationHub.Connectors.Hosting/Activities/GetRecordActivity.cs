using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Messaging;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Reads one record from a connector by its external id, by hub id through the cross-reference, or as the same hub record
/// as a record of another system (<c>sameAs</c>: the ERP's customer CUST-7 -> that customer's CRM account). <c>Found</c>
/// puts the record in <c>resultVariable</c>; <c>NotFound</c> when the system has no such record, or the hub knows no link
/// from the given id to that system. With <c>fetch: false</c> the cross-reference alone answers (no call to the system):
/// the cheap way for a flow that only needs the linked id, e.g. the CRM account to put an order under.
/// </summary>
[Activity("Connector.Get", "Reads one record from a connector by external id, or by hub id through the cross-reference.",
    Outcomes = [Found, NotFound])]
[ActivityInput("system", typeof(string), "The connector's system name, e.g. fxiaoke; a literal must be a registered connector.", Required = true, NameKind = NameKinds.Connector)]
[ActivityInput("entity", typeof(string), "The canonical entity: customer, order, receivable, payment, marketing-contact.", Required = true)]
[ActivityInput("externalId", typeof(string), "The record's id in the system (give this or hubId).")]
[ActivityInput("hubId", typeof(string), "The hub id, resolved to the system's id through the cross-reference (give one of externalId, hubId, sameAs).")]
[ActivityInput("sameAs", typeof(JsonNode), "{ system, externalId } of a record of the same entity in another system; the record linked to the same hub record is read.")]
[ActivityInput("fetch", typeof(bool), "false: answer from the hub's cross-reference alone, without calling the system (the result has the ids and an empty payload); the default true reads the record.")]
[ActivityInput("resultVariable", typeof(string), "Declared json variable that receives the record { system, entity, externalId, sourceVersion, hubId, payload }.", VariableName = true)]
internal sealed class GetRecordActivity : IActivity
{
    public const string Found = "Found";
    public const string NotFound = "NotFound";

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var system = ConnectorActivityInputs.System(context);
        var entity = ConnectorActivityInputs.Entity(context);
        var externalId = context.Input<string>("externalId");
        var hubIdText = context.Input<string>("hubId");
        var sameAs = context.Input<JsonNode>("sameAs");
        if (new[] { !string.IsNullOrWhiteSpace(externalId), !string.IsNullOrWhiteSpace(hubIdText), sameAs is not null }.Count(given => given) != 1)
        {
            throw new InvalidOperationException($"{context.ActivityId}: give exactly one of externalId, hubId and sameAs.");
        }

        var lookup = context.Services.GetRequiredService<ConnectorRegistry>().GetLookup(system, entity);
        var crossReferences = context.Services.GetRequiredService<ICrossReferenceStore>();
        var cancellationToken = context.CancellationToken;
        Guid? hubId = null;
        if (sameAs is not null)
        {
            var other = sameAs is JsonObject o && o["system"]?.GetValueKind() == JsonValueKind.String && o["externalId"]?.GetValueKind() == JsonValueKind.String
                && (string)o["system"]! is { Length: > 0 } otherSystem && (string)o["externalId"]! is { Length: > 0 } otherId
                    ? new RecordIdentity(otherSystem, entity, otherId)
                    : throw new PoisonMessageException($"{context.ActivityId}: sameAs must be {{ system, externalId }} with non-empty strings.");
            if (await crossReferences.FindHubIdAsync(other, cancellationToken).ConfigureAwait(false) is not { } linked)
            {
                return NotFound;
            }

            hubIdText = linked.ToString();
        }

        if (!string.IsNullOrWhiteSpace(hubIdText))
        {
            hubId = Guid.TryParse(hubIdText, out var parsed) ? parsed : throw new InvalidOperationException($"{context.ActivityId}: hubId '{hubIdText}' is not a UUID.");
            externalId = await crossReferences.FindExternalIdAsync(parsed, system, entity, cancellationToken).ConfigureAwait(false);
            if (externalId is null)
            {
                return NotFound;
            }
        }

        if (context.HasInput("fetch") && !context.Input<bool>("fetch"))
        {
            var linked = new RecordIdentity(system, entity, externalId!);
            hubId ??= await crossReferences.FindHubIdAsync(linked, cancellationToken).ConfigureAwait(false);
            if (hubId is null)
            {
                return NotFound;
            }

            if (context.Input<string>("resultVariable") is { Length: > 0 } linkVariable)
            {
                context.SetVariable(linkVariable, RecordJson.ToJson(new CanonicalRecord(system, entity, externalId!, 0, JsonSerializer.SerializeToElement(new JsonObject())), hubId.Value));
            }

            return Found;
        }

        var record = await lookup.GetAsync(externalId!, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return NotFound;
        }

        hubId ??= await crossReferences.HubIdOfAsync(record.Identity, cancellationToken).ConfigureAwait(false);
        if (context.Input<string>("resultVariable") is { Length: > 0 } resultVariable)
        {
            context.SetVariable(resultVariable, RecordJson.ToJson(record, hubId.Value));
        }

        return Found;
    }
}
