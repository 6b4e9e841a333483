using System.Text.Json;
using IntegrationHub.Connectors.Fxiaoke.Orders;
using IntegrationHub.Diagnostics;
using IntegrationHub.Messaging;
using IntegrationHub.Orders;
using IntegrationHub.Storage;

namespace IntegrationHub.Host.Orders;

/// <summary>
/// The first flow: an order from <c>erp.orders</c> is upserted into the CRM (Fxiaoke <c>SalesOrderObj</c>) by its ERP order
/// number, so a redelivery updates the same CRM record. Plain C# until the workflow engine takes it over.
/// </summary>
internal sealed partial class ErpOrderToCrmHandler(
    FxiaokeOrderSink crm,
    IOrderIntakeStore store,
    FlowCounters counters,
    ILogger<ErpOrderToCrmHandler> logger) : IMessageHandler
{
    public async Task HandleAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        SalesOrder order;
        try
        {
            order = JsonSerializer.Deserialize<SalesOrder>(message.Event.Data.Span, OrderEvents.Json)
                ?? throw new PoisonMessageException("The event data is JSON null, not an order.");
        }
        catch (JsonException ex)
        {
            throw new PoisonMessageException($"The event data is not a canonical order: {ex.Message}", ex);
        }

        var result = await crm.UpsertAsync(order, cancellationToken).ConfigureAwait(false);
        if (Guid.TryParse(message.Event.Id, out var orderId))
        {
            await store.MarkDeliveredAsync(orderId, "fxiaoke", result.CrmId, cancellationToken).ConfigureAwait(false);
        }

        counters.Delivered();
        LogDelivered(logger, order.OrderNumber, result.CrmId, result.Created ? "created" : result.Skipped ? "kept newer" : "updated", message.Attempt);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderNumber} delivered to CRM as {CrmId} ({Action}, attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, string orderNumber, string crmId, string action, int attempt);
}
