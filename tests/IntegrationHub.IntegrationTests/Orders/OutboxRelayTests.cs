using System.Text.Json;
using IntegrationHub.Diagnostics;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Orders;
using IntegrationHub.Messaging;
using IntegrationHub.Orders;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Orders;

/// <summary>A crash between the store commit and the publish: the relay publishes the stored order and the flow completes.</summary>
public sealed class OutboxRelayTests
{
    [Fact]
    public async Task StoredButUnpublishedOrder_IsPublishedByTheRelay_AndDelivered()
    {
        await using var hub = await HubTestHost.StartAsync();
        var services = hub.App.Services;
        var store = services.GetRequiredService<IOrderIntakeStore>();
        var order = new SalesOrder
        {
            OrderNumber = "SO-ORPHAN",
            CustomerNumber = "CUST00099",
            OrderDate = new DateOnly(2026, 11, 23),
            Currency = "EUR",
            Lines = [new OrderLine { Sku = "SKU-GEAR-R3", Quantity = 1, UnitPrice = 2140m, TaxRate = 0.06m }],
            TotalAmount = 2268.40m,
        };
        var orderId = Guid.CreateVersion7();
        await store.AcceptAsync(new IntakeRequest("erp-test", "orphan", "fp", orderId, order,
            OrderEvents.Received(hub.OrdersTopic, orderId, order, DateTimeOffset.UtcNow)));
        var later = new ShiftedTime(TimeSpan.FromMinutes(5));
        var relay = new OutboxRelay(store, services.GetRequiredService<IMessagePublisher>(), new FlowCounters(),
            services.GetRequiredService<IOptions<HubOptions>>(), later, NullLogger<OutboxRelay>.Instance);

        var published = await relay.RelayOnceAsync(CancellationToken.None);

        Assert.Equal(1, published);
        Assert.Equal(0, await relay.RelayOnceAsync(CancellationToken.None));
        Assert.Single(await KafkaProbe.ReadAllAsync(hub.OrdersTopic, minimum: 1));
        var status = await Eventually.Await(() => hub.GetJsonAsync($"api/v1/orders/{orderId}"),
            s => s.GetProperty("state").GetString() == "delivered", TimeSpan.FromSeconds(45));
        Assert.Equal(JsonValueKind.String, status.GetProperty("targetId").ValueKind);
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
