using System.Text.Json;
using IntegrationHub.Identity;
using IntegrationHub.Messaging;
using IntegrationHub.Orders;

namespace IntegrationHub.Host.Orders;

/// <summary>The CloudEvent for an accepted ERP order: id = the hub's order id, key = the customer's hub id.</summary>
internal static class OrderEvents
{
    public const string OrderReceivedType = "com.integrationhub.erp.order.received.v1";
    public static readonly Uri Source = new("/integration-hub/erp", UriKind.Relative);
    public static JsonSerializerOptions Json => CanonicalJson.Options;

    public static OutgoingMessage Received(string topic, Guid orderId, SalesOrder order, DateTimeOffset now) =>
        new(topic, HubIds.ErpCustomer(order.CustomerNumber).ToString(), new CloudEvent
        {
            Id = orderId.ToString(),
            Source = Source,
            Type = OrderReceivedType,
            Time = now,
            Subject = order.OrderNumber,
            Data = JsonSerializer.SerializeToUtf8Bytes(order, Json),
        });
}
