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
    public async Task Accept_NewKey_StoresOrderAndUnpublishedOutboxMessage()
    {
        var request = Request("client-a", "key-1", "fp-1", "SO-1");

        var result = await _db.Store.AcceptAsync(request);

        Assert.Equal(new IntakeResult(IntakeOutcome.Created, request.OrderId), result);
        var status = await _db.Store.GetAsync(request.OrderId);
        Assert.NotNull(status);
        Assert.Equal(("SO-1", "CUST1", OrderStates.Accepted), (status.OrderNumber, status.CustomerNumber, status.State));
        var pending = await _db.Store.GetUnpublishedAsync(request.OrderId);
        Assert.NotNull(pending);
        Assert.Equal(request.Message.Key, pending.Key);
        Assert.Equal(request.Message.Event.Id, pending.Event.Id);
        Assert.Equal(request.Message.Event.Data.ToArray(), pending.Event.Data.ToArray());
    }

    [Fact]
    public async Task Accept_SameKeySameBody_IsReplayOfTheFirstOrder_AndWritesNothing()
    {
        var first = Request("client-a", "key-1", "fp-1", "SO-1");
        await _db.Store.AcceptAsync(first);

        var again = await _db.Store.AcceptAsync(Request("client-a", "key-1", "fp-1", "SO-1"));

        Assert.Equal(new IntakeResult(IntakeOutcome.Replayed, first.OrderId), again);
        Assert.Equal(1, await CountAsync("orders"));
        Assert.Equal(1, await CountAsync("outbox"));
    }

    [Fact]
    public async Task Accept_SameKeyOtherBody_IsRejected_AndWritesNothing()
    {
        var first = Request("client-a", "key-1", "fp-1", "SO-1");
        await _db.Store.AcceptAsync(first);

        var other = await _db.Store.AcceptAsync(Request("client-a", "key-1", "fp-2", "SO-2"));

        Assert.Equal(IntakeOutcome.KeyReusedWithDifferentBody, other.Outcome);
        Assert.Equal(1, await CountAsync("orders"));
    }

    [Fact]
    public async Task Accept_SameKeyFromAnotherClient_IsAnotherOrder()
    {
        await _db.Store.AcceptAsync(Request("client-a", "key-1", "fp-1", "SO-1"));

        var other = await _db.Store.AcceptAsync(Request("client-b", "key-1", "fp-1", "SO-1"));

        Assert.Equal(IntakeOutcome.Created, other.Outcome);
        Assert.Equal(2, await CountAsync("orders"));
    }

    [Fact]
    public async Task IdempotencyRecords_SurviveARestart()
    {
        var first = Request("client-a", "key-1", "fp-1", "SO-1");
        await _db.Store.AcceptAsync(first);

        var reopened = _db.Reopen();
        var again = await reopened.AcceptAsync(Request("client-a", "key-1", "fp-1", "SO-1"));

        Assert.Equal(new IntakeResult(IntakeOutcome.Replayed, first.OrderId), again);
    }

    [Fact]
    public async Task Accept_ConcurrentRequestsWithOneKey_ExactlyOneIsCreated()
    {
        var requests = Enumerable.Range(0, 12).Select(_ => Request("client-a", "race", "fp-1", "SO-RACE")).ToList();

        var results = await Task.WhenAll(requests.Select(r => Task.Run(() => _db.Store.AcceptAsync(r))));

        Assert.Single(results, r => r.Outcome == IntakeOutcome.Created);
        Assert.All(results, r => Assert.Equal(results.Single(x => x.Outcome == IntakeOutcome.Created).OrderId, r.OrderId));
        Assert.Equal(1, await CountAsync("orders"));
    }

    [Fact]
    public async Task MarkPublished_ThenDelivered_MovesStateForwardOnly()
    {
        var request = Request("client-a", "key-1", "fp-1", "SO-1");
        await _db.Store.AcceptAsync(request);

        await _db.Store.MarkPublishedAsync(request.OrderId, new PublishReceipt("erp.orders", 2, 41));
        Assert.Null(await _db.Store.GetUnpublishedAsync(request.OrderId));
        Assert.Empty(await _db.Store.GetUnpublishedAsync(DateTimeOffset.UtcNow.AddMinutes(1), 10));
        Assert.Equal(OrderStates.Published, (await _db.Store.GetAsync(request.OrderId))!.State);

        await _db.Store.MarkDeliveredAsync(request.OrderId, "fxiaoke", "crm-1");
        await _db.Store.MarkPublishedAsync(request.OrderId, new PublishReceipt("erp.orders", 2, 99)); // a late relay duplicate

        var status = await _db.Store.GetAsync(request.OrderId);
        Assert.Equal((OrderStates.Delivered, "fxiaoke", "crm-1"), (status!.State, status.TargetSystem, status.TargetId));
        Assert.NotNull(status.PublishedAt);
        Assert.NotNull(status.DeliveredAt);
    }

    [Fact]
    public async Task GetUnpublished_ReturnsOnlyMessagesOlderThanTheCutoff_OldestFirst()
    {
        var a = Request("c", "k1", "f", "SO-A");
        var b = Request("c", "k2", "f", "SO-B");
        await _db.Store.AcceptAsync(a);
        await _db.Store.AcceptAsync(b);

        Assert.Empty(await _db.Store.GetUnpublishedAsync(DateTimeOffset.UtcNow.AddMinutes(-1), 10));
        var pending = await _db.Store.GetUnpublishedAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10);
        Assert.Equal([a.OrderId, b.OrderId], pending.Select(p => p.OrderId).ToArray());
    }

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

    [Fact]
    public async Task Migrate_Twice_IsANoOp()
    {
        var migrator = new SqliteMigrator(_db.Connections(), TimeProvider.System, NullLogger<SqliteMigrator>.Instance);
        await migrator.MigrateAsync();
        await migrator.MigrateAsync();

        Assert.Equal(SqliteMigrator.LatestVersion, await CountAsync("schema_migrations")); // each migration once, however often the migrator runs
    }

    public void Dispose() => _db.Dispose();

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await _db.Connections().OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    [Fact]
    public async Task GetPushedBy_FindsTheOrderOnlyForTheClientThatPushedIt()
    {
        var accepted = await _db.Store.AcceptAsync(Request("erp-a", "k-owner", "fp-owner", "SO-OWNER"));

        Assert.NotNull(await _db.Store.GetPushedByAsync(accepted.OrderId, "erp-a"));
        Assert.Null(await _db.Store.GetPushedByAsync(accepted.OrderId, "erp-b"));
        Assert.NotNull(await _db.Store.GetAsync(accepted.OrderId));
    }

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
