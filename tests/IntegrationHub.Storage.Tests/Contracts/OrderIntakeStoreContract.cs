using System.Text;
using IntegrationHub.Messaging;
using IntegrationHub.Orders;

namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>What every <see cref="IOrderIntakeStore"/> guarantees, whatever the database under it.</summary>
public abstract class OrderIntakeStoreContract : StoreContract
{
    protected IOrderIntakeStore Store { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Store = Backend.IntakeStore();
    }

    [Fact]
    public async Task Accept_NewKey_StoresOrderAndUnpublishedOutboxMessage()
    {
        var request = Request("client-a", "key-1", "fp-1", "SO-1");

        var result = await Store.AcceptAsync(request);

        Assert.Equal(new IntakeResult(IntakeOutcome.Created, request.OrderId), result);
        var status = await Store.GetAsync(request.OrderId);
        Assert.NotNull(status);
        Assert.Equal(("SO-1", "CUST1", OrderStates.Accepted), (status.OrderNumber, status.CustomerNumber, status.State));
        var pending = await Store.GetUnpublishedAsync(request.OrderId);
        Assert.NotNull(pending);
        Assert.Equal(request.Message.Key, pending.Key);
        Assert.Equal(request.Message.Event.Id, pending.Event.Id);
        Assert.Equal(request.Message.Event.Data.ToArray(), pending.Event.Data.ToArray());
    }

    [Fact]
    public async Task Accept_SameKeySameBody_IsReplayOfTheFirstOrder_AndWritesNothing()
    {
        var first = Request("client-a", "key-1", "fp-1", "SO-1");
        await Store.AcceptAsync(first);

        var again = await Store.AcceptAsync(Request("client-a", "key-1", "fp-1", "SO-1"));

        Assert.Equal(new IntakeResult(IntakeOutcome.Replayed, first.OrderId), again);
        Assert.Equal(1, await Backend.CountAsync("orders"));
        Assert.Equal(1, await Backend.CountAsync("outbox"));
    }

    [Fact]
    public async Task Accept_SameKeyOtherBody_IsRejected_AndWritesNothing()
    {
        var first = Request("client-a", "key-1", "fp-1", "SO-1");
        await Store.AcceptAsync(first);

        var other = await Store.AcceptAsync(Request("client-a", "key-1", "fp-2", "SO-2"));

        Assert.Equal(IntakeOutcome.KeyReusedWithDifferentBody, other.Outcome);
        Assert.Equal(1, await Backend.CountAsync("orders"));
    }

    [Fact]
    public async Task Accept_SameKeyFromAnotherClient_IsAnotherOrder()
    {
        await Store.AcceptAsync(Request("client-a", "key-1", "fp-1", "SO-1"));

        var other = await Store.AcceptAsync(Request("client-b", "key-1", "fp-1", "SO-1"));

        Assert.Equal(IntakeOutcome.Created, other.Outcome);
        Assert.Equal(2, await Backend.CountAsync("orders"));
    }

    [Fact]
    public async Task IdempotencyRecords_SurviveARestart()
    {
        var first = Request("client-a", "key-1", "fp-1", "SO-1");
        await Store.AcceptAsync(first);

        var reopened = Backend.IntakeStore();
        var again = await reopened.AcceptAsync(Request("client-a", "key-1", "fp-1", "SO-1"));

        Assert.Equal(new IntakeResult(IntakeOutcome.Replayed, first.OrderId), again);
    }

    [Fact]
    public async Task Accept_ConcurrentRequestsWithOneKey_ExactlyOneIsCreated()
    {
        var requests = Enumerable.Range(0, 12).Select(_ => Request("client-a", "race", "fp-1", "SO-RACE")).ToList();

        var results = await Task.WhenAll(requests.Select(r => Task.Run(() => Store.AcceptAsync(r))));

        Assert.Single(results, r => r.Outcome == IntakeOutcome.Created);
        Assert.All(results, r => Assert.Equal(results.Single(x => x.Outcome == IntakeOutcome.Created).OrderId, r.OrderId));
        Assert.Equal(1, await Backend.CountAsync("orders"));
    }

    [Fact]
    public async Task Accept_OneKeyRacedFromThreeNodes_ExactlyOneIsCreated()
    {
        var nodes = new[] { Store, Backend.IntakeStore(), Backend.IntakeStore() };
        var requests = Enumerable.Range(0, 30).Select(i => (Node: nodes[i % 3], Request: Request("client-a", "race-" + (i % 5), "fp-1", "SO-RACE"))).ToList();

        var results = await Task.WhenAll(requests.Select(r => Task.Run(() => r.Node.AcceptAsync(r.Request))));

        Assert.Equal(5, results.Count(r => r.Outcome == IntakeOutcome.Created)); // one per key
        Assert.Equal(25, results.Count(r => r.Outcome == IntakeOutcome.Replayed));
        Assert.Equal(5, await Backend.CountAsync("orders"));
        Assert.Equal(5, await Backend.CountAsync("outbox"));
    }

    [Fact]
    public async Task Accept_KeepsTheMessageAsSent()
    {
        var request = Request("client-a", "key-1", "fp-1", "SO-1");
        var sent = request.Message.Event;
        var traced = request with { Message = request.Message with { Event = new CloudEvent
        {
            Id = sent.Id, Source = sent.Source, Type = sent.Type, Time = new DateTimeOffset(2026, 11, 23, 8, 30, 15, 123, TimeSpan.Zero),
            Subject = sent.Subject, Data = sent.Data, TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", TraceState = "hub=1",
        } } };

        await Store.AcceptAsync(traced);

        var kept = (await Store.GetUnpublishedAsync(request.OrderId))!;
        Assert.Equal(("erp.orders", "cust-key"), (kept.Topic, kept.Key));
        Assert.Equal((sent.Id, "/tests", "test.order", "SO-1"), (kept.Event.Id, kept.Event.Source.ToString(), kept.Event.Type, kept.Event.Subject));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 30, 15, 123, TimeSpan.Zero), kept.Event.Time);
        Assert.Equal(("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "hub=1"), (kept.Event.TraceParent, kept.Event.TraceState));
        Assert.Equal(CloudEvent.JsonContentType, kept.Event.DataContentType);
    }

    [Fact]
    public async Task MarkPublished_ThenDelivered_MovesStateForwardOnly()
    {
        var request = Request("client-a", "key-1", "fp-1", "SO-1");
        await Store.AcceptAsync(request);

        await Store.MarkPublishedAsync(request.OrderId, new PublishReceipt("erp.orders", 2, 41));
        Assert.Null(await Store.GetUnpublishedAsync(request.OrderId));
        Assert.Empty(await Store.GetUnpublishedAsync(DateTimeOffset.UtcNow.AddMinutes(1), 10));
        Assert.Equal(OrderStates.Published, (await Store.GetAsync(request.OrderId))!.State);

        await Store.MarkDeliveredAsync(request.OrderId, "fxiaoke", "crm-1");
        await Store.MarkPublishedAsync(request.OrderId, new PublishReceipt("erp.orders", 2, 99)); // a late relay duplicate

        var status = await Store.GetAsync(request.OrderId);
        Assert.Equal((OrderStates.Delivered, "fxiaoke", "crm-1"), (status!.State, status.TargetSystem, status.TargetId));
        Assert.NotNull(status.PublishedAt);
        Assert.NotNull(status.DeliveredAt);
    }

    [Fact]
    public async Task GetUnpublished_ReturnsOnlyMessagesOlderThanTheCutoff_OldestFirst()
    {
        var a = Request("c", "k1", "f", "SO-A");
        var b = Request("c", "k2", "f", "SO-B");
        await Store.AcceptAsync(a);
        await Store.AcceptAsync(b);

        Assert.Empty(await Store.GetUnpublishedAsync(DateTimeOffset.UtcNow.AddMinutes(-1), 10));
        var pending = await Store.GetUnpublishedAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10);
        Assert.Equal([a.OrderId, b.OrderId], pending.Select(p => p.OrderId).ToArray());
    }

    [Fact]
    public async Task OutboxBacklog_CountsWhatKafkaHasNotConfirmed_WithTheOldestRowsTime_EveryOutboxListed()
    {
        var backlog = Backend.OutboxBacklog();
        var empty = await backlog.ReadAsync();
        var a = Request("c", "k1", "f", "SO-A");
        var b = Request("c", "k2", "f", "SO-B");
        var before = DateTimeOffset.UtcNow;
        await Store.AcceptAsync(a);
        await Store.AcceptAsync(b);
        var two = await backlog.ReadAsync();
        await Store.MarkPublishedAsync(a.OrderId, new PublishReceipt("erp.orders", 0, 1));
        var one = await backlog.ReadAsync();
        await Store.MarkPublishedAsync(b.OrderId, new PublishReceipt("erp.orders", 0, 2));

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
        await Backend.MigrateAsync();
        await Backend.MigrateAsync();

        Assert.Equal(Backend.LatestVersion, await Backend.CountAsync("schema_migrations")); // each migration once, however often the migrator runs
    }

    [Fact]
    public async Task GetPushedBy_FindsTheOrderOnlyForTheClientThatPushedIt()
    {
        var accepted = await Store.AcceptAsync(Request("erp-a", "k-owner", "fp-owner", "SO-OWNER"));

        Assert.NotNull(await Store.GetPushedByAsync(accepted.OrderId, "erp-a"));
        Assert.Null(await Store.GetPushedByAsync(accepted.OrderId, "erp-b"));
        Assert.NotNull(await Store.GetAsync(accepted.OrderId));
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

public sealed class SqliteOrderIntakeStoreContractTests : OrderIntakeStoreContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresOrderIntakeStoreContractTests : OrderIntakeStoreContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
