using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Messaging;

namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>What every <see cref="ICustomerValueStore"/> guarantees, whatever the database under it.</summary>
public abstract class CustomerValueStoreContract : StoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Orders_BelongToTheCustomerTheirNumberIsLinkedTo_InCustomerOrder_AndChangedCustomersAreFoundByTime()
    {
        var (a, b) = (Guid.Parse("00000000-0000-0000-0000-00000000000a"), Guid.Parse("00000000-0000-0000-0000-00000000000b"));
        var links = Backend.CrossReferences();
        await links.LinkAsync(a, new RecordIdentity("kingdee", CanonicalEntity.Customer, "CUST-A"));
        await links.LinkAsync(b, new RecordIdentity("kingdee", CanonicalEntity.Customer, "CUST-B"));
        await links.LinkAsync(b, new RecordIdentity("xero", CanonicalEntity.Customer, "CUST-A")); // another system's number space
        await ObserveAsync("SO-1", "CUST-B", Now.AddHours(-2));
        await ObserveAsync("SO-2", "CUST-A", Now.AddHours(-2));
        await ObserveAsync("SO-3", "CUST-A", Now);
        await ObserveAsync("SO-4", "CUST-NOBODY", Now);
        var store = Backend.CustomerValues();

        var all = new List<CustomerOrderRow>();
        await foreach (var row in store.StreamOrdersAsync("kingdee"))
        {
            all.Add(row);
        }

        var ofB = new List<CustomerOrderRow>();
        await foreach (var row in store.StreamOrdersAsync("kingdee", b))
        {
            ofB.Add(row);
        }

        Assert.Equal([a, a, b], all.Select(r => r.CustomerHubId).ToArray());
        Assert.Equal(["SO-2", "SO-3"], all.Take(2).Select(r => JsonDocument.Parse(r.PayloadJson).RootElement.GetProperty("orderNumber").GetString()!).Order().ToArray());
        Assert.Equal("SO-1", JsonDocument.Parse(Assert.Single(ofB).PayloadJson).RootElement.GetProperty("orderNumber").GetString());
        Assert.Equal([a], await store.ListCustomersChangedSinceAsync("kingdee", Now.AddMinutes(-1)));
        Assert.Equal([a, b], (await store.ListCustomersChangedSinceAsync("kingdee", Now.AddDays(-1))).Order());
    }

    [Fact]
    public async Task Invoices_CarryTheirLastPaymentDate_DeletedPaymentsIgnored()
    {
        var customer = Guid.NewGuid();
        var receivables = Backend.Receivables();
        await receivables.UpsertAsync(new StoredReceivable("xero", "INV-1", "INV-1", customer, "Acme", "CNY", 100m, 100m, 0m, 0m, "paid",
            new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), 1, Now, "h1", "{}", Now), null);
        await receivables.UpsertAsync(new StoredReceivable("xero", "INV-2", "INV-2", customer, "Acme", "CNY", 50m, 0m, 0m, 50m, "open",
            new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1), 1, Now, "h2", "{}", Now), null);
        async Task Pay(string id, string invoice, string day, string status = "authorised") => await receivables.UpsertPaymentAsync(
            new StoredPayment("xero", id, invoice, customer, "CNY", 50m, DateOnly.Parse(day), status, 1, id, "{}", Now), null);
        await Pay("P1", "INV-1", "2026-10-20");
        await Pay("P2", "INV-1", "2026-10-25");
        await Pay("P3", "INV-1", "2026-11-30", status: "deleted");
        var store = Backend.CustomerValues();

        var rows = new List<CustomerInvoiceRow>();
        await foreach (var row in store.StreamInvoicesAsync(customer))
        {
            rows.Add(row);
        }

        Assert.Equal([("INV-1", (DateOnly?)new DateOnly(2026, 10, 25)), ("INV-2", null)], rows.OrderBy(r => r.InvoiceId).Select(r => (r.InvoiceId, r.LastPaidOn)).ToArray());
        Assert.Equal(50m, rows.Single(r => r.InvoiceId == "INV-2").Due);
    }

    [Fact]
    public async Task Save_AnEqualHashRefreshesTheValueWithoutAnEvent_ListsByTierAndStageInHubIdOrder_AndKeepsBreakpoints()
    {
        var store = Backend.CustomerValues();
        var ids = Enumerable.Range(1, 4).Select(i => Guid.Parse($"00000000-0000-0000-0000-00000000000{i}")).ToArray();
        StoredCustomerValue Value(Guid id, string tier, string hash, string json = "{}") => new(id, tier, "active", hash, json, new DateOnly(2026, 12, 2), Now);

        var first = await store.SaveAsync([(Value(ids[0], "low", "h1"), Event("e1")), (Value(ids[1], "regular", "h2"), Event("e2"))]);
        var second = await store.SaveAsync([(Value(ids[0], "low", "h1", """{"daysSinceLastOrder":9}"""), Event("e3")), (Value(ids[1], "high-value", "h9"), Event("e4")),
            (Value(ids[3], "regular", "h4"), null), (Value(ids[2], "regular", "h3"), Event("e5"))]);
        await store.SaveBreakpointsAsync("""{"Customers":4}""", new DateOnly(2026, 12, 2), Now);

        Assert.Equal([ObservationOutcome.Changed, ObservationOutcome.Changed], first);
        Assert.Equal([ObservationOutcome.Unchanged, ObservationOutcome.Changed, ObservationOutcome.Changed, ObservationOutcome.Changed], second);
        Assert.Equal("""{"daysSinceLastOrder":9}""", (await store.GetAsync(ids[0]))!.ValueJson); // the explanation is refreshed all the same
        var events = await Backend.CanonicalRecords().ListPendingEventsAsync(10);
        Assert.Equal(["e1", "e2", "e4", "e5"], events.Select(e => e.Message.Event.Id).ToArray());
        Assert.Equal([ids[2], ids[3]], (await store.ListAsync("regular", null, null, 10)).Select(v => v.HubId).ToArray());
        Assert.Equal([ids[3]], (await store.ListAsync("regular", "active", ids[2], 10)).Select(v => v.HubId).ToArray());
        Assert.Empty(await store.ListAsync(null, "churned", null, 10));
        Assert.Equal(("""{"Customers":4}""", new DateOnly(2026, 12, 2)), (await store.GetBreakpointsAsync())!.Value);
        Assert.Null(await store.GetAsync(Guid.NewGuid()));
    }

    private async Task ObserveAsync(string order, string customerNumber, DateTimeOffset seenAt)
    {
        var payload = JsonSerializer.SerializeToElement(new { orderNumber = order, customerNumber, orderDate = "2026-11-30", totalAmount = 10m });
        await Backend.CanonicalRecords().ObserveAsync(Guid.NewGuid(), new CanonicalRecord("kingdee", CanonicalEntity.Order, order, 1, payload),
            order, seenAt, null);
    }

    private static OutgoingMessage Event(string id) => new("hub.customer-value", id, new CloudEvent
    {
        Id = id,
        Source = new Uri("/test", UriKind.Relative),
        Type = "hub.customer-value.changed",
        Time = Now,
        Data = "{}"u8.ToArray(),
    });
}

public sealed class SqliteCustomerValueStoreContractTests : CustomerValueStoreContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresCustomerValueStoreContractTests : CustomerValueStoreContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
