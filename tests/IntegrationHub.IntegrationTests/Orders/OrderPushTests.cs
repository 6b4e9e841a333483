using System.Net;
using System.Text;
using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Fxiaoke;
using IntegrationHub.Identity;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Orders;

/// <summary>ERP -> hub API -> SQLite + Kafka -> consumer -> Fxiaoke sandbox, all real, in one process.</summary>
public class OrderPushTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);
    private HubTestHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubTestHost.StartAsync(await StoreAsync());

    /// <summary>The store settings of the run: SQLite (the default) here.</summary>
    protected virtual Task<Dictionary<string, string?>?> StoreAsync() => Task.FromResult<Dictionary<string, string?>?>(null);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Push_ValidOrder_Is202AfterItIsOnTheTopic_ThenArrivesInTheCrm()
    {
        using var response = await _hub.PushAsync(SampleOrders.Json("SO-E2E-1"), "key-e2e-1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var orderId = body.GetProperty("orderId").GetString()!;
        Assert.Equal("published", body.GetProperty("status").GetString());
        Assert.Equal($"/api/v1/orders/{orderId}", response.Headers.Location!.OriginalString);

        // 202 came only after Kafka confirmed, so the record is there now, without waiting.
        var record = Assert.Single(await KafkaProbe.ReadAllAsync(_hub.OrdersTopic, timeout: TimeSpan.Zero));
        Assert.Equal(HubIds.ErpCustomer("CUST00042").ToString(), Encoding.UTF8.GetString(record.Message.Key!));
        Assert.Equal(orderId, Header(record, "ce_id"));
        Assert.Equal("com.integrationhub.erp.order.received.v1", Header(record, "ce_type"));
        Assert.Equal("SO-E2E-1", Header(record, "ce_subject"));
        Assert.Equal("application/json", Header(record, "content-type"));

        var status = await Eventually.Await(() => _hub.GetJsonAsync($"api/v1/orders/{orderId}"),
            s => s.GetProperty("state").GetString() == "delivered", Wait, "order delivered to the CRM");
        var crmOrder = Assert.Single(_hub.Crm.Records.All(FxiaokeFields.SalesOrderObject));
        Assert.Equal(status.GetProperty("targetId").GetString(), crmOrder["_id"]!.GetValue<string>());
        Assert.Equal("SO-E2E-1", crmOrder[FxiaokeFields.ErpOrderNo]!.GetValue<string>());
        Assert.Equal(2892.80m, crmOrder[FxiaokeFields.OrderAmount]!.GetValue<decimal>());
        var account = Assert.Single(_hub.Crm.Records.All(FxiaokeFields.AccountObject));
        Assert.Equal(account["_id"]!.GetValue<string>(), crmOrder[FxiaokeFields.AccountId]!.GetValue<string>());

        // Through the connector contract: the cross-reference links the ERP order and the CRM order to one hub record.
        var crossReferences = _hub.App.Services.GetRequiredService<ICrossReferenceStore>();
        var hubId = await crossReferences.FindHubIdAsync(new RecordIdentity("erp", CanonicalEntity.Order, "SO-E2E-1"));
        Assert.Equal(HubIds.For("erp", "order", "SO-E2E-1"), hubId);
        Assert.Equal(crmOrder["_id"]!.GetValue<string>(), await crossReferences.FindExternalIdAsync(hubId!.Value, "fxiaoke", CanonicalEntity.Order));
    }

    [Fact]
    public async Task Push_SameKeySameBodyTwice_OneKafkaRecordAndOneCrmOrder_SecondAnswerIsTheFirst()
    {
        var json = SampleOrders.Json("SO-TWICE");
        using var first = await _hub.PushAsync(json, "key-twice");
        using var second = await _hub.PushAsync(json, "key-twice");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var firstId = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetString();
        var secondId = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetString();
        Assert.Equal(firstId, secondId);

        await Eventually.Await(() => _hub.GetJsonAsync($"api/v1/orders/{firstId}"), s => s.GetProperty("state").GetString() == "delivered", Wait);
        Assert.Single(await KafkaProbe.ReadAllAsync(_hub.OrdersTopic, timeout: TimeSpan.Zero));
        Assert.Single(_hub.Crm.Records.All(FxiaokeFields.SalesOrderObject));
        Assert.Equal(1, await _hub.CountRowsAsync("orders"));
    }

    [Fact]
    public async Task Push_SameKeyDifferentBody_Is422_AndNothingNewIsStoredOrPublished()
    {
        using var first = await _hub.PushAsync(SampleOrders.Json("SO-KEY-A"), "key-reused");
        using var second = await _hub.PushAsync(SampleOrders.Json("SO-KEY-B"), "key-reused");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Idempotency-Key", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await _hub.CountRowsAsync("orders"));
        Assert.Single(await KafkaProbe.ReadAllAsync(_hub.OrdersTopic, timeout: TimeSpan.Zero));
    }

    [Fact]
    public async Task Push_WithoutIdempotencyKey_Is400NamingTheHeader_AndNothingIsStored()
    {
        using var response = await _hub.PushAsync(SampleOrders.Json("SO-NOKEY"), idempotencyKey: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("is required", errors.GetProperty("Idempotency-Key")[0].GetString());
        Assert.Equal(0, await _hub.CountRowsAsync("orders"));
    }

    [Fact]
    public async Task Push_BadBody_Is400ProblemJsonListingEveryBadField_AndNothingIsStoredOrPublished()
    {
        using var response = await _hub.PushAsync("""
            { "orderNumber": "SO-BAD", "customerNumber": "", "orderDate": "2026-13-01", "currency": "cny",
              "lines": [ { "sku": "SKU-1", "quantity": -1, "unitPrice": 10, "taxRate": 0.13 } ], "totalAmount": "11.30" }
            """, "key-bad");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["currency", "customerNumber", "lines[0].quantity", "orderDate", "totalAmount"], fields);
        Assert.Equal(0, await _hub.CountRowsAsync("orders"));
        Assert.Equal(0, await _hub.CountRowsAsync("idempotency_keys"));
        Assert.Empty(await KafkaProbe.ReadAllAsync(_hub.OrdersTopic, timeout: TimeSpan.Zero));
    }

    [Fact]
    public async Task Push_NewerVersionOfAnOrderWithANewKey_UpdatesTheSameCrmRecord()
    {
        using var v1 = await _hub.PushAsync(SampleOrders.Json("SO-VER", quantity: 1, version: 1), "key-ver-1");
        var id1 = JsonDocument.Parse(await v1.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetString();
        await Eventually.Await(() => _hub.GetJsonAsync($"api/v1/orders/{id1}"), s => s.GetProperty("state").GetString() == "delivered", Wait);

        using var v2 = await _hub.PushAsync(SampleOrders.Json("SO-VER", quantity: 3, version: 2), "key-ver-2");
        var id2 = JsonDocument.Parse(await v2.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetString();
        await Eventually.Await(() => _hub.GetJsonAsync($"api/v1/orders/{id2}"), s => s.GetProperty("state").GetString() == "delivered", Wait);

        var crmOrder = Assert.Single(_hub.Crm.Records.All(FxiaokeFields.SalesOrderObject));
        Assert.Equal(4339.20m, crmOrder[FxiaokeFields.OrderAmount]!.GetValue<decimal>());
        Assert.Equal(2, crmOrder["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task CrmTokenExpires_HubRenewsItOnce_AndTheOrderIsStillDelivered()
    {
        using var warmup = await _hub.PushAsync(SampleOrders.Json("SO-TOKEN-1"), "key-token-1");
        var id1 = JsonDocument.Parse(await warmup.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetString();
        await Eventually.Await(() => _hub.GetJsonAsync($"api/v1/orders/{id1}"), s => s.GetProperty("state").GetString() == "delivered", Wait);
        Assert.Equal(1, _hub.Crm.Tokens.Issued);

        _hub.Crm.Tokens.ExpireAll();
        using var after = await _hub.PushAsync(SampleOrders.Json("SO-TOKEN-2"), "key-token-2");
        var id2 = JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetString();

        await Eventually.Await(() => _hub.GetJsonAsync($"api/v1/orders/{id2}"), s => s.GetProperty("state").GetString() == "delivered", Wait);
        Assert.Equal(2, _hub.Crm.Tokens.Issued);
        Assert.Equal(2, _hub.Crm.Records.All(FxiaokeFields.SalesOrderObject).Count);
    }

    [Fact]
    public async Task GetOrder_Unknown_Is404ProblemJson()
    {
        using var response = await _hub.Http.GetAsync($"api/v1/orders/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    private static string Header(Confluent.Kafka.ConsumeResult<byte[]?, byte[]?> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
}

/// <summary>The same push, delivery and idempotency tests with the hub on PostgreSQL.</summary>
public sealed class PostgresOrderPushTests : OrderPushTests
{
    protected override async Task<Dictionary<string, string?>?> StoreAsync() => await HubTestHost.PostgresStoreAsync();
}
