using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Connectors.Hosting.Activities;

/// <summary>
/// Moves a record to a status through the target system's own document rules (<see cref="IStatusChanger"/>; e.g. the CRM
/// confirmed an order, so the ERP submits and approves it). Outcomes: <c>Changed</c>; <c>Unchanged</c> when the record has
/// that status already, which is how an echo of the hub's own write is recognised (the status came from that system in
/// the first place) and skipped without a call, counted as <c>echoes</c>; <c>NotAllowed</c> (the reason goes to
/// <c>reasonVariable</c>); <c>NotFound</c>.
/// </summary>
[Activity("Connector.SetStatus", "Moves a record to a status through the system's document rules (e.g. ERP submit and approve); Unchanged (an echo) costs no write.",
    SideEffects = true, Outcomes = [Changed, Unchanged, NotAllowed, NotFound])]
[ActivityInput("system", typeof(string), "The connector's system name, e.g. kingdee; a literal must be a registered connector.", Required = true, NameKind = NameKinds.Connector)]
[ActivityInput("entity", typeof(string), "The canonical entity, e.g. order.", Required = true)]
[ActivityInput("externalId", typeof(string), "The record's id in the system (e.g. the ERP order number).", Required = true)]
[ActivityInput("status", typeof(string), "The canonical status to reach, e.g. approved.", Required = true)]
[ActivityInput("reasonVariable", typeof(string), "Declared string variable that receives why a change was not allowed.", VariableName = true)]
internal sealed class SetStatusActivity : IActivity
{
    public const string Changed = "Changed";
    public const string Unchanged = "Unchanged";
    public const string NotAllowed = "NotAllowed";
    public const string NotFound = "NotFound";

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        var system = ConnectorActivityInputs.System(context);
        var entity = ConnectorActivityInputs.Entity(context);
        var externalId = context.Input<string>("externalId");
        var status = context.Input<string>("status");
        if (string.IsNullOrWhiteSpace(externalId) || string.IsNullOrWhiteSpace(status))
        {
            throw new InvalidOperationException($"{context.ActivityId}: externalId and status must not be empty.");
        }

        var changer = context.Services.GetRequiredService<ConnectorRegistry>().GetStatusChanger(system, entity);
        var result = await changer.ChangeStatusAsync(externalId, status, context.CancellationToken).ConfigureAwait(false);
        var statistics = context.Services.GetService<FlowStatistics>();
        switch (result.Outcome)
        {
            case StatusChangeOutcome.Changed:
                statistics?.Add(context.DefinitionId, "upserted");
                return Changed;
            case StatusChangeOutcome.Unchanged:
                statistics?.Add(context.DefinitionId, "echoes");
                return Unchanged;
            case StatusChangeOutcome.NotAllowed:
                if (context.Input<string>("reasonVariable") is { Length: > 0 } reasonVariable)
                {
                    context.SetVariable(reasonVariable, result.Reason);
                }

                return NotAllowed;
            default:
                return NotFound;
        }
    }
}
