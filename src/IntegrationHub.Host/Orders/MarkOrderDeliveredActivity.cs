using IntegrationHub.Diagnostics;
using IntegrationHub.Messaging;
using IntegrationHub.Storage;
using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Host.Orders;

/// <summary>
/// Marks an order accepted by <c>POST /api/v1/orders</c> as delivered to a target system, with the id it has there, so
/// <c>GET /api/v1/orders/{id}</c> answers <c>delivered</c>. Idempotent: marking again keeps the order delivered.
/// </summary>
[Activity("Order.MarkDelivered", "Marks an order accepted by the order intake API as delivered to a target system (GET /api/v1/orders/{id} then answers delivered with the target id).", SideEffects = true)]
[ActivityInput("orderId", typeof(string), "The hub's order id (the CloudEvent id of the erp.orders record), usually ${ input.event.id }.", Required = true)]
[ActivityInput("system", typeof(string), "The target system the order was delivered to, e.g. fxiaoke.", Required = true, NameKind = NameKinds.Connector)]
[ActivityInput("targetId", typeof(string), "The order's id in the target system.", Required = true)]
internal sealed class MarkOrderDeliveredActivity : IActivity
{
    public async ValueTask<string> ExecuteAsync(ActivityContext context)
    {
        if (!Guid.TryParse(context.Input<string>("orderId"), out var orderId))
        {
            throw new PoisonMessageException($"orderId '{context.Input<string>("orderId")}' is not a hub order id.");
        }

        var system = context.Input<string>("system");
        var targetId = context.Input<string>("targetId");
        if (string.IsNullOrWhiteSpace(system) || string.IsNullOrWhiteSpace(targetId))
        {
            throw new PoisonMessageException("system and targetId must be non-empty.");
        }

        var services = context.Services;
        await services.GetRequiredService<IOrderIntakeStore>().MarkDeliveredAsync(orderId, system, targetId, context.CancellationToken).ConfigureAwait(false);
        services.GetRequiredService<FlowCounters>().Delivered();
        return ActivityOutcomes.Done;
    }
}
