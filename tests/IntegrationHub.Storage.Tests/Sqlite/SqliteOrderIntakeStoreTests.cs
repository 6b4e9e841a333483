using System.Text;
using Dapper;
using IntegrationHub.Messaging;
using IntegrationHub.Orders;
using IntegrationHub.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Storage.Tests.Sqlite;

public sealed class SqliteOrderIntakeStoreTests : IDisposable
{
    private readonly StoreFixture _db = new();

    [Fact]
    public async Task OutboxBacklog_CountsWhatKafkaHasNotConfirmed_WithTheOldestRowsTime_EveryOutboxListed()
    {
        var backlog = new SqliteOutboxBacklog(_db.Connections());
        var empty = await backlog.ReadAsync();
        var a = Request("c", "k1", "f", "SO-A");
        var b = Request("c", "k2", "f", "SO-B");
        var before = DateTimeOffset.UtcNow;
        await _db.Store.AcceptAsync(a);
        await _db.Store.AcceptAsync(b);
        var two = await backlog.ReadAsync();
        await _db.Store.MarkPublishedAsync(a.OrderId, new PublishReceipt("erp.orders", 0, 1));
        var one = await backlog.ReadAsync();
        await _db.Store.MarkPublishedAsync(b.OrderId, new PublishReceipt("erp.orders", 0, 2));

        Assert.Equal([new OutboxBacklog("orders", 0, null), new OutboxBacklog("record-events", 0, null)], empty);
        var orders = two.Single(o => o.Outbox == "orders");
        Assert.Equal(2, orders.Pending);
        Assert.InRange(orders.OldestCreatedAt!.Value, before.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.Equal(1, one.Single(o => o.Outbox == "orders").Pending);
        Assert.True(one.Single(o => o.Outbox == "orders").OldestCreatedAt >= orders.OldestCreatedAt);
        Assert.Equal(0, (await backlog.ReadAsync()).Single(o => o.Outbox == "orders").Pending);
    }

    public void Dispose() => _db.Dispose();

    private static IntakeRequest Request(string client, string key, string fingerprint, string orderNumber)
    {
        var orderId = Guid.CreateVersion7();
        var order = new SalesOrder
        {
            OrderNumber = orderNumber,
            CustomerNumber = "CUST1",
            OrderDate = new DateOnly(2026, 11, 23),
            Currency = "CNY",
            Lines = [new OrderLine { Sku = "SKU-1", Quantity = 2, UnitPrice = 10.5m, TaxRate = 0.13m }],
            TotalAmount = 23.73m,
        };
        var message = new OutgoingMessage("erp.orders", "cust-key", new CloudEvent
        {
            Id = orderId.ToString(),
            Source = new Uri("/tests", UriKind.Relative),
            Type = "test.order",
            Time = DateTimeOffset.UtcNow,
            Subject = orderNumber,
            Data = Encoding.UTF8.GetBytes($$"""{"orderNumber":"{{orderNumber}}"}"""),
        });
        return new IntakeRequest(client, key, fingerprint, orderId, order, message);
    }
}
