using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Reads one record from a connector by its external id, or by hub id through the cross-reference. <c>Found</c> puts
/// the record in <c>resultVariable</c>; <c>NotFound</c> when the system has no such record or the hub id has no
/// external id in that system.
/// </summary>
[Activity("Connector.Get", "Reads one record from a connector by external id, or by hub id through the cross-reference.",
    Outcomes = [Found, NotFound])]
[ActivityInput("system", typeof(string), "The connector's system name, e.g. fxiaoke; a literal must be a registered connector.", Required = true, NameKind = NameKinds.Connector)]
[ActivityInput("entity", typeof(string), "The canonical entity: customer, order, receivable, marketing-contact.", Required = true)]
[ActivityInput("externalId", typeof(string), "The record's id in the system (give this or hubId).")]
[ActivityInput("hubId", typeof(string), "The hub id, resolved to the system's id through the cross-reference (give this or externalId).")]
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
        if (string.IsNullOrWhiteSpace(externalId) == string.IsNullOrWhiteSpace(hubIdText))
        {
            throw new InvalidOperationException($"{context.ActivityId}: give exactly one of externalId and hubId.");
        }

        var lookup = context.Services.GetRequiredService<ConnectorRegistry>().GetLookup(system, entity);
        var crossReferences = context.Services.GetRequiredService<ICrossReferenceStore>();
        var cancellationToken = context.CancellationToken;
        Guid? hubId = null;
        if (!string.IsNullOrWhiteSpace(hubIdText))
        {
            hubId = Guid.TryParse(hubIdText, out var parsed) ? parsed : throw new InvalidOperationException($"{context.ActivityId}: hubId '{hubIdText}' is not a UUID.");
            externalId = await crossReferences.FindExternalIdAsync(parsed, system, entity, cancellationToken).ConfigureAwait(false);
            if (externalId is null)
            {
                return NotFound;
            }
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
