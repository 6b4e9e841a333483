using System.Collections.Concurrent;
using IntegrationHub.Messaging;

namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>What every <see cref="IReceivableStore"/> guarantees, whatever the database under it.</summary>
public abstract class ReceivableStoreContract : StoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Customer = Guid.NewGuid();

    [Fact]
    public async Task Upsert_ChangedUnchangedStale_AChangeTakesTheNextSequenceAndQueuesItsEvent()
    {
        var store = Backend.Receivables();

        var first = await store.UpsertAsync(Invoice("INV-1", 5, due: 100m), Event("e1"));
        var second = await store.UpsertAsync(Invoice("INV-2", 1, due: 40m), Event("e2"));
        var same = await store.UpsertAsync(Invoice("INV-1", 6, due: 100m), Event("e3"));
        var older = await store.UpsertAsync(Invoice("INV-1", 4, due: 0m), Event("e4"));
        var paid = await store.UpsertAsync(Invoice("INV-1", 7, due: 0m, status: "paid"), Event("e5"));
        var rows = await store.ListAsync(new ReceivableQuery(), 0, 10);

        Assert.Equal([ObservationOutcome.Changed, ObservationOutcome.Changed, ObservationOutcome.Unchanged, ObservationOutcome.Stale, ObservationOutcome.Changed],
            new[] { first, second, same, older, paid });
        Assert.Equal([("INV-2", 2L), ("INV-1", 3L)], rows.Select(r => (r.InvoiceId, r.Sequence)).ToArray()); // the change moved INV-1 to the end
        Assert.Equal((0m, "paid", 7L), (rows[1].Due, rows[1].Status, rows[1].SourceVersion));
        var events = await Backend.CanonicalRecords().ListPendingEventsAsync(10);
        Assert.Equal(["e1", "e2", "e5"], events.Select(e => e.Message.Event.Id).ToArray());
    }

    [Fact]
    public async Task AmountsAndDates_RoundTripExactly()
    {
        var store = Backend.Receivables();
        await store.UpsertAsync(Invoice("INV-9", 1, due: 1234567.8900m) with { Total = 0.10m, Paid = 0.2m, Credited = 1e-4m }, null);

        var row = Assert.Single(await store.ListAsync(new ReceivableQuery(), 0, 10));

        Assert.Equal(("1234567.8900", "0.10", "0.2", "0.0001"), (Text(row.Due), Text(row.Total), Text(row.Paid), Text(row.Credited)));
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 10, 2)), (row.DueDate, row.IssueDate));
    }

    [Fact]
    public async Task Filters_SelectByCustomerStatusCurrencyDueDatesAndUpdateTime()
    {
        var store = Backend.Receivables();
        var other = Guid.NewGuid();
        await store.UpsertAsync(Invoice("A", 1, due: 10m) with { DueDate = new DateOnly(2026, 11, 30) }, null);
        await store.UpsertAsync(Invoice("B", 1, due: 10m) with { CustomerHubId = other, Currency = "USD", DueDate = new DateOnly(2026, 10, 1) }, null);
        await store.UpsertAsync(Invoice("C", 1, due: 0m, status: "paid") with { DueDate = new DateOnly(2026, 9, 1), SourceUpdatedAt = Now.AddDays(1) }, null);
        await store.UpsertAsync(Invoice("D", 1, due: 5m, status: "draft") with { DueDate = new DateOnly(2026, 9, 1) }, null);

        async Task<string> Ids(ReceivableQuery q) => string.Join(",", (await store.ListAsync(q, 0, 10)).Select(r => r.InvoiceId));

        Assert.Equal("A,C,D", await Ids(new ReceivableQuery(Customer: Customer)));
        Assert.Equal("C", await Ids(new ReceivableQuery(Status: "paid")));
        Assert.Equal("B", await Ids(new ReceivableQuery(Currency: "USD")));
        Assert.Equal("B,C,D", await Ids(new ReceivableQuery(DueBefore: new DateOnly(2026, 11, 30))));
        Assert.Equal("C", await Ids(new ReceivableQuery(UpdatedSince: Now.AddHours(1))));
        Assert.Equal("A,B", await Ids(new ReceivableQuery(AgedOnly: true)));
        Assert.Equal("B", await Ids(new ReceivableQuery(AgedOnly: true, DueFrom: new DateOnly(2026, 9, 2), DueTo: new DateOnly(2026, 10, 31))));
    }

    /// <summary>
    /// A client pages through while a writer inserts new invoices and updates old ones (including ones already returned and
    /// ones not reached yet). Over many small pages: no version is returned twice, every invoice is returned at least once
    /// with the version it had when the pass ended, and an invoice comes back only after it changed.
    /// </summary>
    [Fact]
    public async Task PagingBySequence_UnderConcurrentInsertsAndUpdates_HasNoGapAndNoDuplicate()
    {
        var store = Backend.Receivables();
        for (var i = 0; i < 300; i++)
        {
            await store.UpsertAsync(Invoice($"INV-{i:D4}", 1, due: i), null);
        }

        using var stop = new CancellationTokenSource();
        var versions = new ConcurrentDictionary<string, long>();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            var random = new Random(7);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var id = random.Next(3) == 0 ? $"NEW-{n:D5}" : $"INV-{random.Next(300):D4}";
                var version = versions.AddOrUpdate(id, 2, (_, v) => v + 1);
                await store.UpsertAsync(Invoice(id, version, due: version * 1000 + n), null);
                Interlocked.Increment(ref writes);
            }
        });

        var seen = new List<StoredReceivable>();
        long after = 0;
        var pages = 0;
        while (true)
        {
            var page = await store.ListAsync(new ReceivableQuery(), after, 7);
            pages++;
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page);
            after = page[^1].Sequence;
            while (!writer.IsCompleted && Volatile.Read(ref writes) < pages * 3)
            {
                await Task.Delay(1); // the writer keeps pace: about three writes between pages
            }

            if (pages == 40)
            {
                await stop.CancelAsync(); // the writer stops mid-pass; the pass then runs to its end
                await writer;
            }
        }

        await stop.CancelAsync();
        await writer;
        var final = await store.ListAsync(new ReceivableQuery(), 0, 100_000);
        Assert.True(pages > 40, $"the pass took {pages} pages");
        Assert.True(final.Count > 300, "the writer inserted invoices during the pass");
        Assert.Equal(seen.Count, seen.Select(r => (r.InvoiceId, r.SourceVersion)).Distinct().Count()); // no version twice
        Assert.Equal(seen.Count, seen.Select(r => r.Sequence).Distinct().Count());
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "pages come in sequence order");
        var lastSeen = seen.GroupBy(r => r.InvoiceId).ToDictionary(g => g.Key, g => g.Max(r => r.SourceVersion));
        Assert.All(final, r => Assert.Equal(r.SourceVersion, lastSeen.GetValueOrDefault(r.InvoiceId))); // no gap: each at its final version
    }

    [Fact]
    public async Task Stream_ReadsEveryMatchingRowInSequenceOrder()
    {
        var store = Backend.Receivables();
        for (var i = 0; i < 25; i++)
        {
            await store.UpsertAsync(Invoice($"S-{i:D2}", 1, due: i) with { Currency = i % 2 == 0 ? "CNY" : "NZD" }, null);
        }

        var streamed = new List<string>();
        await foreach (var r in store.StreamAsync(new ReceivableQuery(Currency: "NZD")))
        {
            streamed.Add(r.InvoiceId);
        }

        Assert.Equal(Enumerable.Range(0, 25).Where(i => i % 2 == 1).Select(i => $"S-{i:D2}"), streamed);
    }

    [Fact]
    public async Task ChangesFromFourNodes_WhileAClientPagesBySequence_TheClientMissesNothingAndSeesNoVersionTwice()
    {
        var writers = Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
        {
            var node = Backend.Receivables();
            for (var i = 0; i < 30; i++)
            {
                await node.UpsertAsync(Invoice($"N{n}-{i:D2}", 1, 10m), null);
                if (i % 3 == 0)
                {
                    await node.UpsertAsync(Invoice($"N{n}-{i:D2}", 2, 5m), null); // a row changed again moves to a newer sequence
                }
            }
        })).ToList();

        var reader = Backend.Receivables();
        var seen = new Dictionary<string, (long Sequence, decimal Due)>();
        long after = 0;
        async Task PageAsync()
        {
            foreach (var row in await reader.ListAsync(new ReceivableQuery(), after, 7))
            {
                Assert.True(row.Sequence > after, "sequences are read in order");
                Assert.False(seen.TryGetValue(row.InvoiceId, out var earlier) && earlier.Due == row.Due, $"{row.InvoiceId} came twice in one version");
                seen[row.InvoiceId] = (row.Sequence, row.Due);
                after = row.Sequence;
            }
        }

        while (!writers.All(w => w.IsCompleted))
        {
            await PageAsync();
        }

        await Task.WhenAll(writers);
        for (var pages = 0; pages < 100 && (seen.Count < 120 || seen.Values.Count(v => v.Due == 5m) < 40); pages++)
        {
            await PageAsync();
        }

        Assert.Equal(120, seen.Count);
        Assert.Equal(40, seen.Values.Count(v => v.Due == 5m)); // every second version reached the client
        Assert.Equal(120L, await Backend.CountAsync("receivables"));
    }

    private static string Text(decimal d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static StoredReceivable Invoice(string id, long version, decimal due, string status = "open") =>
        new("xero", id, id, Customer, "Harbour Cranes", "CNY", 100m, 100m - due, 0m, due, status, new DateOnly(2026, 10, 2), new DateOnly(2026, 11, 1),
            version, Now, $"hash-{id}-{status}-{due}", "{}", Now);

    private static OutgoingMessage Event(string id) => new("finance.receivables", Customer.ToString(), new CloudEvent
    {
        Id = id,
        Source = new Uri("/test", UriKind.Relative),
        Type = "hub.receivable.changed",
        Time = Now,
        Data = "{}"u8.ToArray(),
    });
}

public sealed class SqliteReceivableStoreContractTests : ReceivableStoreContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresReceivableStoreContractTests : ReceivableStoreContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
