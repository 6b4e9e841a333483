using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors;
using IntegrationHub.Identity;
using IntegrationHub.Sandbox.Xero;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Finance;

/// <summary>
/// <c>finance-receivables.yaml</c> on the whole hub against the Xero sandbox, and the finance API over what it stored:
/// every ACCREC invoice once, paged with opaque tokens, re-reads change nothing, a change in Xero comes through once.
/// </summary>
public sealed class ReceivablesFlowTests
{
    [Fact]
    public async Task TheFlow_StoresEveryXeroReceivable_AndTheApiPagesThemOnce_AndAnUnchangedReReadEmitsNothing()
    {
        await using var hub = await StartAsync();
        var xero = hub.Sandbox<XeroSandbox>("xero");
        var expected = xero.Invoices.All("ACCREC");

        await hub.RunWorkflowAsync("finance-receivables", new { });
        var pages = await AllPagesAsync(hub, "api/v1/receivables?pageSize=40");
        var events = await hub.CountRowsAsync("record_events WHERE event_type = 'hub.receivable.changed'");
        using var backfill = await hub.Http.PostAsync("api/v1/flows/finance-receivables/backfill", null); // re-read everything: nothing changed in Xero
        await Eventually.Await(async () => (await hub.GetJsonAsync("api/v1/flows")).GetProperty("flows").EnumerateArray()
            .Single(f => f.GetProperty("flow").GetString() == "finance-receivables").GetProperty("backfill"), b => b.GetProperty("state").GetString() is "finished" or "faulted");
        var quiet = await hub.CountRowsAsync("record_events WHERE event_type = 'hub.receivable.changed'");
        var one = expected[3];
        xero.Invoices.Set((string)one["InvoiceID"]!, "Reference", "PO 4711"); // a Xero user edits one invoice
        await hub.RunWorkflowAsync("finance-receivables", new { });
        var flow = await hub.FlowAsync("finance-receivables");

        var listed = pages.SelectMany(p => p.GetProperty("receivables").EnumerateArray()).ToList();
        Assert.True(pages.Count >= 5, $"{expected.Count} invoices in pages of 40 took {pages.Count} pages");
        Assert.Equal(expected.Select(i => (string)i["InvoiceID"]!).Order(), listed.Select(r => r.GetProperty("invoiceId").GetString()!).Order());
        Assert.Equal(expected.Count, events);
        Assert.Equal(events, quiet); // the unchanged re-read emitted nothing
        Assert.Equal(events + 1, await hub.CountRowsAsync("record_events WHERE event_type = 'hub.receivable.changed'"));
        Assert.Equal(HttpStatusCode.Accepted, backfill.StatusCode);
        var records = flow.GetProperty("records");
        var payments = xero.Payments.Count; // read and stored by the same flow
        Assert.Equal((expected.Count + payments + 1, expected.Count + payments), (records.GetProperty("changed").GetInt32(), records.GetProperty("unchanged").GetInt32()));

        var sample = listed.Single(r => r.GetProperty("invoiceId").GetString() == (string)expected[0]["InvoiceID"]!);
        var contactId = (string)expected[0]["Contact"]!["ContactID"]!;
        Assert.Equal(HubIds.For("xero", "customer", contactId).ToString(), sample.GetProperty("customerHubId").GetString());
        Assert.Equal((decimal)expected[0]["AmountDue"]!, sample.GetProperty("due").GetDecimal());
        Assert.Equal((string)expected[0]["CurrencyCode"]!, sample.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task AContactNotLinkedYet_BelongsToTheCustomerItsNumberIsLinkedToInTheErp()
    {
        await using var hub = await StartAsync();
        var xero = hub.Sandbox<XeroSandbox>("xero");
        var invoices = xero.Invoices.All("ACCREC").GroupBy(i => (string)i["Contact"]!["ContactNumber"]!).OrderByDescending(g => g.Count()).First();
        var customer = Guid.NewGuid();
        await hub.App.Services.GetRequiredService<ICrossReferenceStore>().LinkAsync(customer, new RecordIdentity("kingdee", CanonicalEntity.Customer, invoices.Key));

        await hub.RunWorkflowAsync("finance-receivables", new { });
        var mine = await hub.GetJsonAsync($"api/v1/receivables?customer={customer}&pageSize=1000");

        Assert.Equal(invoices.Select(i => (string)i["InvoiceID"]!).Order(), mine.GetProperty("receivables").EnumerateArray().Select(r => r.GetProperty("invoiceId").GetString()!).Order());
        Assert.Null(await hub.App.Services.GetRequiredService<ICrossReferenceStore>().FindHubIdAsync(
            new RecordIdentity("xero", CanonicalEntity.Customer, (string)invoices.First()["Contact"]!["ContactID"]!))); // the customer flow links the contact, not this one
    }

    [Fact]
    public async Task FiltersAndTokens_ABadQueryOrATamperedTokenIsA400NamingTheParameter()
    {
        await using var hub = await StartAsync();
        await hub.RunWorkflowAsync("finance-receivables", new { });
        var first = await hub.GetJsonAsync("api/v1/receivables?pageSize=5&status=open");
        var token = first.GetProperty("nextPageToken").GetString()!;
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];

        var cases = new (string Query, string Field)[]
        {
            ("status=unpaid", "status"),
            ("bucket=1-29", "bucket"),
            ("currency=cny", "currency"),
            ("customer=acme", "customer"),
            ("dueBefore=2026-13-01", "dueBefore"),
            ("updatedSince=2026-12-01T08:00:00", "updatedSince"), // no offset: ambiguous
            ("pageSize=-1", "pageSize"),
            ("pageSize=ten", "pageSize"),
            ("stauts=open", "stauts"),
            ($"status=open&pageToken={tampered}", "pageToken"),
            ($"status=open&pageToken={token[..^4]}", "pageToken"),
            ($"status=paid&pageToken={token}", "pageToken"), // a token of other filters
            ($"pageToken={token}", "pageToken"),
        };
        foreach (var (query, field) in cases)
        {
            using var response = await hub.Http.GetAsync($"api/v1/receivables?{query}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {body}");
        }

        var second = await hub.GetJsonAsync($"api/v1/receivables?pageSize=5&status=open&pageToken={token}");
        Assert.All(second.GetProperty("receivables").EnumerateArray(), r => Assert.Equal("open", r.GetProperty("status").GetString()));
        Assert.True(second.GetProperty("receivables")[0].GetProperty("updateSequence").GetInt64() > first.GetProperty("receivables")[4].GetProperty("updateSequence").GetInt64());
        using var capped = await hub.Http.GetAsync("api/v1/receivables?pageSize=100000");
        Assert.Equal(HttpStatusCode.OK, capped.StatusCode); // larger asks are capped, not refused
    }

    [Fact]
    public async Task OnPostgres_APageTokenFromOneNode_ReadsOnAnother()
    {
        var store = await HubTestHost.PostgresStoreAsync();
        await using var first = await StartAsync(store);
        await using var second = await HubTestHost.StartAsync(store);
        await first.RunWorkflowAsync("finance-receivables", new { });

        var page = await first.GetJsonAsync("api/v1/receivables?pageSize=5");
        var token = page.GetProperty("nextPageToken").GetString()!;
        var next = await second.GetJsonAsync($"api/v1/receivables?pageSize=5&pageToken={token}");

        // The key ring is in the database: the other node reads the token and continues after the first page.
        Assert.Equal(5, next.GetProperty("receivables").GetArrayLength());
        Assert.True(next.GetProperty("receivables")[0].GetProperty("updateSequence").GetInt64() > page.GetProperty("receivables")[4].GetProperty("updateSequence").GetInt64());
    }

    [Fact]
    public async Task TheFinanceApi_NeedsTheReceivablesScope()
    {
        await using var hub = await StartAsync(new Dictionary<string, string?>
        {
            ["Hub:Clients:sales:Key"] = "sales-key-0123456789abcdef",
            ["Hub:Clients:sales:Scopes"] = "customers:read",
            ["Hub:Clients:finance:Key"] = "finance-key-0123456789abcdef",
            ["Hub:Clients:finance:Scopes"] = "receivables:read",
        });

        async Task<HttpStatusCode> AsAsync(string? key, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(hub.Http.BaseAddress!, path));
            if (key is not null)
            {
                request.Headers.Add("X-Api-Key", key);
            }

            using var client = new HttpClient();
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        foreach (var path in new[] { "api/v1/receivables", "api/v1/receivables.csv", "api/v1/receivables/aging" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await AsAsync(null, path));
            Assert.Equal(HttpStatusCode.Forbidden, await AsAsync("sales-key-0123456789abcdef", path));
            Assert.Equal(HttpStatusCode.OK, await AsAsync("finance-key-0123456789abcdef", path));
        }
    }

    internal static async Task<HubTestHost> StartAsync(IDictionary<string, string?>? settings = null, IDictionary<string, string>? workflows = null)
    {
        var topic = SharedKafka.UniqueName("finance.receivables");
        var flow = File.ReadAllText(Path.Combine(Repository.Root, "workflows", "finance-receivables.yaml"))
            .Replace("interval: PT5M", "interval: PT24H", StringComparison.Ordinal)
            .Replace("topic: finance.receivables", $"topic: {topic}", StringComparison.Ordinal);
        var overrides = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Kafka:Topics:0"] = topic };
        var files = new Dictionary<string, string>(workflows ?? new Dictionary<string, string>()) { ["finance-receivables.yaml"] = flow };
        return await HubTestHost.StartAsync(overrides, files);
    }

    private static async Task<List<JsonElement>> AllPagesAsync(HubTestHost hub, string path)
    {
        var pages = new List<JsonElement>();
        var token = "";
        do
        {
            var page = await hub.GetJsonAsync(token.Length == 0 ? path : $"{path}&pageToken={Uri.EscapeDataString(token)}");
            pages.Add(page);
            token = page.GetProperty("nextPageToken").GetString()!;
        }
        while (token.Length > 0 && pages.Count < 1000);

        return pages;
    }
}
