using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Fxiaoke.Orders;
using IntegrationHub.Diagnostics;
using IntegrationHub.Messaging;
using IntegrationHub.Orders;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Host.Workflows.Activities;

/// <summary>
/// Upserts a canonical order into the CRM core (Fxiaoke <c>SalesOrderObj</c> under its <c>AccountObj</c>), keyed by the
/// ERP order number so a redelivery updates instead of duplicating, and marks the hub's order delivered.
/// An order that is not a canonical order is poison: retrying cannot help.
/// </summary>
[Activity("Crm.UpsertOrder", "Upserts a canonical sales order into the CRM (Fxiaoke SalesOrderObj under its AccountObj), keyed by the ERP order number.", SideEffects = true)]
[ActivityInput("order", typeof(JsonNode), "The canonical order as JSON, usually ${ input.data }.", Required = true)]
[ActivityInput("hubOrderId", typeof(string), "The hub's order id (the event id), to mark the order delivered.")]
[ActivityInput("resultVariable", typeof(string), "Declared variable that receives the CRM record id.", VariableName = true)]
internal sealed class CrmUpsertOrderActivity : IActivity
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        SalesOrder order;
        try
        {
            order = context.Input<JsonNode>("order").Deserialize<SalesOrder>(Json)
                ?? throw new PoisonMessageException("The order is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new PoisonMessageException($"The order is not a canonical sales order: {ex.Message}", ex);
        }

        var services = context.Services;
        var result = await services.GetRequiredService<FxiaokeOrderSink>().UpsertAsync(order, context.CancellationToken).ConfigureAwait(false);
        if (Guid.TryParse(context.Input<string>("hubOrderId"), out var orderId))
        {
            await services.GetRequiredService<IOrderIntakeStore>().MarkDeliveredAsync(orderId, "fxiaoke", result.CrmId, context.CancellationToken).ConfigureAwait(false);
        }

        services.GetRequiredService<FlowCounters>().Delivered();
        if (context.HasInput("resultVariable"))
        {
            context.SetVariable(context.Input<string>("resultVariable")!, result.CrmId);
        }

        return ActivityOutcomes.Done;
    }
}
