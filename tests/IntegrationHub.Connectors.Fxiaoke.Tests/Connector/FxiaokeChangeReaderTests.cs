using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Fxiaoke;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Connector;

/// <summary>Incremental reads against the sandbox CRM: paging, ties on one millisecond, resumption, concurrent changes.</summary>
public sealed class FxiaokeChangeReaderTests
{
    private static readonly Dictionary<string, string?> SmallPages = new() { ["Connectors:Fxiaoke:PageSize"] = "7" };

    [Fact]
    public async Task Read_SeededData_EveryRecordOnceOldestFirst()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions { SeedAccounts = 15, SeedOrders = 40, SeedPayments = 25 });
        await using var harness = FxiaokeHarness.ForSandbox(sandbox, SmallPages);

        foreach (var (entity, api) in new[] { (CanonicalEntity.Customer, "AccountObj"), (CanonicalEntity.Order, "SalesOrderObj"), (CanonicalEntity.Payment, "PaymentObj") })
        {
            var (records, _, pages) = await Changes.ReadAllAsync(harness.Entity(entity).Reader!);

            var expected = sandbox.Records.All(api).Select(r => r["_id"]!.GetValue<string>()).Order(StringComparer.Ordinal);
            Assert.Equal(expected, records.Select(r => r.ExternalId).Order(StringComparer.Ordinal));
            var times = records.Select(r => sandbox.Records.Get(api, r.ExternalId)!["last_modified_time"]!.GetValue<long>()).ToList();
            Assert.Equal(times.Order(), times);
            Assert.True(pages > 1, $"{api} was read in several pages");
            Assert.All(records, r => Assert.Equal(entity, r.Entity));
        }
    }

    [Fact]
    public async Task Read_MoreRecordsOnOneMillisecondThanAPage_NoGapsNoDuplicates_AndResumeFindsLateOnes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var sandbox = await FxiaokeSandbox.StartAsync(time: time);
        await using var harness = FxiaokeHarness.ForSandbox(sandbox, SmallPages);
        var reader = harness.Entity(CanonicalEntity.Customer).Reader!;
        var first = Enumerable.Range(1, 25).Select(i => Account(sandbox, $"A{i}")).ToList(); // all on the same millisecond

        var (read, cursor, _) = await Changes.ReadAllAsync(reader);
        var late = Enumerable.Range(1, 3).Select(i => Account(sandbox, $"L{i}")).ToList(); // still the same millisecond
        var (resumed, cursor2, _) = await Changes.ReadAllAsync(reader, cursor);
        var (nothing, _, _) = await Changes.ReadAllAsync(reader, cursor2);

        Assert.Equal(first.Order(StringComparer.Ordinal), read.Select(r => r.ExternalId).Order(StringComparer.Ordinal));
        Assert.Equal(late.Order(StringComparer.Ordinal), resumed.Select(r => r.ExternalId).Order(StringComparer.Ordinal));
        Assert.Empty(nothing);
    }

    [Fact]
    public async Task Read_ClustersOnOneMillisecond_AreToppedUpToFullPages_EveryRecordOnce()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var sandbox = await FxiaokeSandbox.StartAsync(time: time);
        await using var harness = FxiaokeHarness.ForSandbox(sandbox, SmallPages);
        var ids = new List<string>();
        for (var cluster = 0; cluster < 6; cluster++)
        {
            ids.AddRange(Enumerable.Range(1, 5).Select(i => Account(sandbox, $"C{cluster}-{i}"))); // a bulk edit: five on one millisecond
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var sizes = new List<int>();
        var records = new List<CanonicalRecord>();
        await foreach (var page in harness.Entity(CanonicalEntity.Customer).Reader!.ReadChangesAsync(null))
        {
            sizes.Add(page.Records.Count);
            records.AddRange(page.Records);
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), records.Select(r => r.ExternalId).Order(StringComparer.Ordinal));
        Assert.Equal([7, 7, 7, 7, 2], sizes); // 30 records in pages of 7, not split at each millisecond's remainder
    }

    [Fact]
    public async Task Read_RecordChangedWhilePaging_NoRecordSkipped_ChangedOneAgainAsNewVersion()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var sandbox = await FxiaokeSandbox.StartAsync(time: time);
        await using var harness = FxiaokeHarness.ForSandbox(sandbox, SmallPages);
        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(Account(sandbox, $"B{i}"));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var seen = new List<CanonicalRecord>();
        await foreach (var page in harness.Entity(CanonicalEntity.Customer).Reader!.ReadChangesAsync(null))
        {
            if (seen.Count == 0)
            {
                // An offset reader would now skip the record that moves into this page's place.
                Assert.True(sandbox.Records.Update("AccountObj", ids[0], new JsonObject { ["name"] = "renamed" }, null));
                time.Advance(TimeSpan.FromMilliseconds(1));
            }

            seen.AddRange(page.Records);
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Select(r => r.ExternalId).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(31, seen.Count);
        Assert.Equal(new[] { 1L, 2L }, seen.Where(r => r.ExternalId == ids[0]).Select(r => r.SourceVersion));
        Assert.Equal("renamed", seen.Last().Payload.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Read_FromACursor_OnlyLaterChanges()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var sandbox = await FxiaokeSandbox.StartAsync(time: time);
        await using var harness = FxiaokeHarness.ForSandbox(sandbox, SmallPages);
        var reader = harness.Entity(CanonicalEntity.Customer).Reader!;
        var old = Account(sandbox, "C1");
        var (_, cursor, _) = await Changes.ReadAllAsync(reader);
        time.Advance(TimeSpan.FromSeconds(1));
        var added = Account(sandbox, "C2");

        var (later, _, _) = await Changes.ReadAllAsync(reader, cursor);

        Assert.Equal(new[] { added }, later.Select(r => r.ExternalId));
        Assert.NotEqual(old, added);
    }

    [Fact]
    public async Task Read_EmptySystem_NoPages()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        await using var harness = FxiaokeHarness.ForSandbox(sandbox);

        var (records, cursor, pages) = await Changes.ReadAllAsync(harness.Entity(CanonicalEntity.Payment).Reader!);

        Assert.Empty(records);
        Assert.Null(cursor);
        Assert.Equal(0, pages);
    }

    [Fact]
    public async Task Read_ACursorItDidNotMake_PermanentErrorNamingTheEntity()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        await using var harness = FxiaokeHarness.ForSandbox(sandbox);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => Changes.ReadAllAsync(harness.Entity(CanonicalEntity.Order).Reader!, "not-a-cursor"));

        Assert.Contains("order cursor is not one this connector made", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_Payments_CanonicalPayloadWithDecimalMoneyAndIsoTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var sandbox = await FxiaokeSandbox.StartAsync(time: time);
        await using var harness = FxiaokeHarness.ForSandbox(sandbox);
        var account = Account(sandbox, "P1");
        var id = sandbox.Records.Create("PaymentObj", new JsonObject
        {
            ["name"] = "PAY-1", ["account_id"] = account, ["payment_amount"] = 1234.56m, ["mc_currency"] = "USD",
            ["payment_time"] = 1795392000000L, ["payment_term"] = "transfer",
        }, null);

        var (records, _, _) = await Changes.ReadAllAsync(harness.Entity(CanonicalEntity.Payment).Reader!);

        var record = Assert.Single(records);
        Assert.Equal(new RecordIdentity("fxiaoke", CanonicalEntity.Payment, id), record.Identity);
        Assert.Equal(1234.56m, record.Payload.GetProperty("amount").GetDecimal());
        Assert.Equal("2026-11-23T00:00:00.000Z", record.Payload.GetProperty("paidAt").GetString());
        Assert.Equal(account, record.Payload.GetProperty("accountId").GetString());
        Assert.Equal(("USD", "record"), (record.Payload.GetProperty("currency").GetString(), record.Payload.GetProperty("currencySource").GetString()));
        Assert.Equal(1, record.SourceVersion);
    }

    [Theory]
    [InlineData(null, "CNY")]
    [InlineData("HKD", "HKD")]
    public async Task Read_APaymentWithoutCurrency_IsInTheTenantsDefaultCurrency_AndSaysSo(string? configured, string expected)
    {
        // A standard PaymentObj has no currency field (the vendor's documented fields: account, order, amount, time).
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        var settings = new Dictionary<string, string?> { ["Connectors:Fxiaoke:MultiCurrency"] = "false" };
        if (configured is not null)
        {
            settings["Connectors:Fxiaoke:DefaultCurrency"] = configured;
        }

        await using var harness = FxiaokeHarness.ForSandbox(sandbox, settings);
        sandbox.Records.Create("PaymentObj", new JsonObject
        {
            ["name"] = "PAY-2", ["account_id"] = Account(sandbox, "P2"), ["payment_amount"] = 10m, ["payment_time"] = 1795392000000L,
        }, null);

        var (records, _, _) = await Changes.ReadAllAsync(harness.Entity(CanonicalEntity.Payment).Reader!);

        var payload = Assert.Single(records).Payload;
        Assert.Equal((expected, "tenant-default"), (payload.GetProperty("currency").GetString(), payload.GetProperty("currencySource").GetString()));
    }

    private static string Account(FxiaokeSandbox sandbox, string number) =>
        sandbox.Records.Create("AccountObj", new JsonObject { ["name"] = "Account " + number, ["erp_customer_no__c"] = number }, null);
}
