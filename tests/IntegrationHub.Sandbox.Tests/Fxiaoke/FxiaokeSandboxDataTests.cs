using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Fxiaoke;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Sandbox.Tests.Fxiaoke;

public sealed class FxiaokeSandboxDataTests
{
    private static readonly FxiaokeSandboxOptions Seeded = new() { SeedAccounts = 20, SeedOrders = 40, SeedPayments = 30 };

    [Fact]
    public async Task Seed_SameSeed_SameRecords_WithTiesOnLastModified()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var one = await FxiaokeSandbox.StartAsync(Seeded, time);
        await using var two = await FxiaokeSandbox.StartAsync(Seeded, time);

        foreach (var api in new[] { "AccountObj", "SalesOrderObj", "PaymentObj" })
        {
            Assert.Equal(Json(one.Records.All(api)), Json(two.Records.All(api)));
        }

        Assert.Equal(20, one.Records.Count("AccountObj"));
        Assert.Equal(40, one.Records.Count("SalesOrderObj"));
        Assert.Equal(30, one.Records.Count("PaymentObj"));
        var ties = one.Records.All("SalesOrderObj").GroupBy(r => r["last_modified_time"]!.GetValue<long>()).Max(g => g.Count());
        Assert.True(ties > 1, "the seed data has records sharing a last-modified millisecond");
    }

    [Fact]
    public async Task Seed_PaymentsReferenceSeededOrdersAndAccounts()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync(Seeded);

        foreach (var payment in sandbox.Records.All("PaymentObj"))
        {
            Assert.NotNull(sandbox.Records.Get("AccountObj", payment["account_id"]!.GetValue<string>()));
            Assert.NotNull(sandbox.Records.Get("SalesOrderObj", payment["order_id"]!.GetValue<string>()));
            Assert.True(payment["payment_amount"]!.GetValue<decimal>() > 0);
        }
    }

    [Fact]
    public async Task Create_PaymentForAnUnknownAccount_RefusedWithoutWriting()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        using var client = new HttpClient { BaseAddress = sandbox.BaseUrl };
        var token = await SandboxCalls.TokenValueAsync(client, sandbox);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"cgi/crm/v2/data/create?thirdTraceId={Guid.NewGuid()}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { data = new { object_data = new { dataObjectApiName = "PaymentObj", account_id = "nope", payment_amount = 10.5m } } }),
        };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("x-fs-ea", sandbox.Credentials.Ea);
        request.Headers.Add("x-fs-userid", sandbox.Credentials.OperatorUserId);

        using var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(10002, body["errorCode"]!.GetValue<int>());
        Assert.Equal(0, sandbox.Records.Count("PaymentObj"));
    }

    private static string Json(IEnumerable<JsonObject> records) =>
        new JsonArray([.. records.OrderBy(r => r["_id"]!.GetValue<string>(), StringComparer.Ordinal)]).ToJsonString();
}
