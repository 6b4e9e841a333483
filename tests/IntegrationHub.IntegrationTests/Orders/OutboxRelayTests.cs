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

/// <summary>A crash between the store commit and the publish: the relay publishes the stored order and the flow completes; with two nodes, once.</summary>
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
        var relay = new OutboxRelay(store, services.GetRequiredService<IStoreLocks>(), services.GetRequiredService<IMessagePublisher>(), new FlowCounters(),
            services.GetRequiredService<IOptions<HubOptions>>(), later, NullLogger<OutboxRelay>.Instance);

        var published = await relay.RelayOnceAsync(CancellationToken.None);

        Assert.Equal(1, published);
        Assert.Equal(0, await relay.RelayOnceAsync(CancellationToken.None));
        Assert.Single(await KafkaProbe.ReadAllAsync(hub.OrdersTopic, minimum: 1));
        var status = await Eventually.Await(() => hub.GetJsonAsync($"api/v1/orders/{orderId}"),
            s => s.GetProperty("state").GetString() == "delivered", TimeSpan.FromSeconds(45));
        Assert.Equal(JsonValueKind.String, status.GetProperty("targetId").ValueKind);
    }

    [Fact]
    public async Task TwoNodesOnOnePostgresStore_RelayingTogether_PublishEveryStuckOrderOnce()
    {
        await using var hub = await HubTestHost.StartAsync(await HubTestHost.PostgresStoreAsync());
        var services = hub.App.Services;
        var connectionString = services.GetRequiredService<IOptions<StoreOptions>>().Value.ConnectionString;
        await using var otherNode = Npgsql.NpgsqlDataSource.Create(connectionString!);
        var later = new ShiftedTime(TimeSpan.FromMinutes(5));
        OutboxRelay Relay(IOrderIntakeStore store, IStoreLocks locks) => new(store, locks, services.GetRequiredService<IMessagePublisher>(), new FlowCounters(),
            services.GetRequiredService<IOptions<HubOptions>>(), later, NullLogger<OutboxRelay>.Instance);
        var relays = new[]
        {
            Relay(services.GetRequiredService<IOrderIntakeStore>(), services.GetRequiredService<IStoreLocks>()),
            Relay(new IntegrationHub.Storage.Postgres.PostgresOrderIntakeStore(otherNode, TimeProvider.System), new IntegrationHub.Storage.Postgres.PostgresStoreLocks(otherNode)),
        };
        var store = services.GetRequiredService<IOrderIntakeStore>();
        for (var i = 0; i < 40; i++)
        {
            var order = new SalesOrder
            {
                OrderNumber = $"SO-STUCK-{i:D2}",
                CustomerNumber = "CUST00099",
                OrderDate = new DateOnly(2026, 11, 23),
                Currency = "EUR",
                Lines = [new OrderLine { Sku = "SKU-GEAR-R3", Quantity = 1, UnitPrice = 10m, TaxRate = 0m }],
                TotalAmount = 10m,
            };
            var orderId = Guid.CreateVersion7();
            await store.AcceptAsync(new IntakeRequest("erp-test", $"stuck-{i}", "fp", orderId, order, OrderEvents.Received(hub.OrdersTopic, orderId, order, DateTimeOffset.UtcNow)));
        }

        var published = 0;
        for (var round = 0; round < 20 && published < 40; round++)
        {
            published += (await Task.WhenAll(relays.Select(r => Task.Run(() => r.RelayOnceAsync(CancellationToken.None))))).Sum();
        }

        Assert.Equal(40, published);
        var records = await KafkaProbe.ReadAllAsync(hub.OrdersTopic, minimum: 40);
        Assert.Equal(40, records.Count);
        Assert.Equal(40, records.Select(r => r.Message.Headers.GetLastBytes("ce_id")).Select(System.Text.Encoding.UTF8.GetString).Distinct().Count());
        Assert.Equal(0L, await hub.CountRowsAsync("outbox WHERE published_at IS NULL"));
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
