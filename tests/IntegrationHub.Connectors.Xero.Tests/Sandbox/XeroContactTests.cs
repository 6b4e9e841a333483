using System.Text.Json;
using IntegrationHub.Sandbox.Xero;
using Microsoft.AspNetCore.Builder;

namespace IntegrationHub.Connectors.Xero.Tests.Sandbox;

/// <summary>Customers as Xero contacts, against the sandbox: incremental reads, upserts by ContactNumber, Xero's per-contact validation, lookup.</summary>
public sealed class XeroContactTests
{
    [Fact]
    public async Task Read_EveryContactOnce_ThenOnlyThoseChangedSince()
    {
        await using var sandbox = await XeroSandbox.StartAsync(new XeroSandboxOptions { Contacts = 230, Invoices = 0 });
        await using var harness = XeroHarness.ForSandbox(sandbox);

        var pages = await harness.ReadAllAsync(entity: CanonicalEntity.Customer);
        sandbox.Contacts.Set("CUST0007", "EmailAddress", "ap@example.com");
        var again = (await harness.ReadAllAsync(pages[^1].Cursor, CanonicalEntity.Customer)).SelectMany(p => p.Records).ToList();

        var records = pages.SelectMany(p => p.Records).ToList();
        Assert.Equal(230, records.Count);
        Assert.Equal(230, records.Select(r => r.ExternalId).Distinct().Count());
        Assert.True(pages.Count >= 3, "230 contacts take three pages of 100");
        var changed = Assert.Single(again);
        Assert.Equal(("CUST0007", "ap@example.com"), (changed.Payload.GetProperty("number").GetString(), changed.Payload.GetProperty("email").GetString()));
    }

    [Fact]
    public async Task Upsert_CreatesByNumber_UpdatesTheSameContact_AndLookupFindsIt()
    {
        await using var sandbox = await XeroSandbox.StartAsync(new XeroSandboxOptions { Contacts = 3, Invoices = 0 });
        await using var harness = XeroHarness.ForSandbox(sandbox);
        var upsert = harness.Customers.Upserter!;

        var created = Assert.Single(await upsert.UpsertAsync([Customer("CRM-0042", "Acme Pumps", "+8613800138000")]));
        var updated = Assert.Single(await upsert.UpsertAsync([Customer("CRM-0042", "Acme Pumps Ltd", "+8613800138001", version: 2)]));
        var found = await harness.Customers.Lookup!.GetAsync("CRM-0042");

        Assert.Equal(RecordUpsertStatus.Created, created.Status);
        Assert.Equal(RecordUpsertStatus.Updated, updated.Status);
        Assert.Equal(created.TargetId, updated.TargetId);
        Assert.Equal(4, sandbox.Contacts.Count);
        var stored = sandbox.Contacts.Get("CRM-0042")!;
        Assert.Equal("Acme Pumps Ltd", (string?)stored["Name"]);
        Assert.Equal(created.TargetId, found!.ExternalId);
        Assert.Equal("+8613800138001", found.Payload.GetProperty("phone").GetString());
        Assert.Equal("Shenzhen", found.Payload.GetProperty("address").GetProperty("city").GetString());
    }

    [Fact]
    public async Task Upsert_ANameTakenByAnotherContact_FailsThatRecordAlone_WithXerosMessage()
    {
        await using var sandbox = await XeroSandbox.StartAsync(new XeroSandboxOptions { Contacts = 3, Invoices = 0 });
        await using var harness = XeroHarness.ForSandbox(sandbox);
        var taken = (string)sandbox.Contacts.Get("CUST0001")!["Name"]!;

        var results = await harness.Customers.Upserter!.UpsertAsync([Customer("CRM-1", taken, null), Customer("CRM-2", "Fresh Name Ltd", null), Customer("", "No Number", null)]);

        Assert.False(results[0].Succeeded);
        Assert.Contains("already assigned to another contact", results[0].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(RecordUpsertStatus.Created, results[1].Status);
        Assert.Equal("invalid", results[2].Error!.Code);
        Assert.Equal(4, sandbox.Contacts.Count);
    }

    [Fact]
    public async Task Upsert_APageOf120_TakesThreeLookupsAndThreeWritesOfAtMost50()
    {
        var calls = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var sandbox = await XeroSandbox.StartAsync(new XeroSandboxOptions
        {
            Contacts = 0,
            Invoices = 0,
            ConfigurePipeline = app => app.Use(async (context, next) =>
            {
                calls.Enqueue($"{context.Request.Method} {context.Request.Path.Value!.Split('/')[^1]}");
                await next(context);
            }),
        });
        await using var harness = XeroHarness.ForSandbox(sandbox);

        var results = await harness.Customers.Upserter!.UpsertAsync([.. Enumerable.Range(1, 120).Select(i => Customer($"CRM-{i:D4}", $"Customer {i}", null))]);

        Assert.All(results, r => Assert.Equal(RecordUpsertStatus.Created, r.Status));
        Assert.Equal(120, results.Select(r => r.TargetId).Distinct().Count());
        Assert.Equal(120, sandbox.Contacts.Count);
        Assert.Equal((3, 3), (calls.Count(c => c == "GET Contacts"), calls.Count(c => c == "POST Contacts")));
    }

    private static CanonicalRecord Customer(string number, string name, string? phone, long version = 1) => new("fxiaoke", CanonicalEntity.Customer, "acc-" + number, version,
        JsonSerializer.SerializeToElement(new
        {
            number,
            name,
            phone,
            email = "buyer@acme.example",
            taxId = "91110108551385082Q",
            address = new { street = "1 Science Park Rd", city = "Shenzhen", province = "Guangdong", country = "CN" },
        }));
}
