using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Connectors.Http.Batches;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Http.Tests.Batches;

public sealed class RecordBatchesTests
{
    [Fact]
    public async Task UpsertEachAsync_OneRecordRefused_ReportsItWithItsIdentityAndUpsertsTheOthers()
    {
        await using var stub = await StubServer.StartAsync(async (context, _) =>
        {
            var id = context.Request.Path.Value!.Split('/')[^1];
            if (id == "C2")
            {
                context.Response.StatusCode = 422;
                context.Response.ContentType = "application/problem+json";
                await context.Response.WriteAsync("""{"title":"Invalid Resource","status":422,"detail":"invalid","errors":[{"field":"email_address","message":"looks fake"}]}""");
                return;
            }

            await context.Response.WriteAsJsonAsync(new { id = "mc-" + id });
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl);
        var client = harness.Client;
        CanonicalRecord[] records = [Contact("C1"), Contact("C2"), Contact("C3")];

        var results = await RecordBatches.UpsertEachAsync(records, async (record, ct) =>
        {
            using var response = await client.PutAsJsonAsync($"lists/L1/members/{record.ExternalId}", record.Payload, ct);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return RecordUpsertResult.Ok(record.Identity, body.GetProperty("id").GetString()!, RecordUpsertStatus.Updated);
        }, maxParallel: 2);

        Assert.Equal(["mc-C1", null, "mc-C3"], results.Select(r => r.TargetId));
        var failed = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(new RecordIdentity("crm", CanonicalEntity.MarketingContact, "C2"), failed.Record);
        Assert.Equal(RecordUpsertStatus.Failed, failed.Status);
        Assert.Equal("Invalid Resource", failed.Error!.Code);
        Assert.Equal("invalid (email_address: looks fake)", failed.Error.Message); // the vendor's detail sentence, then its field errors
        Assert.False(failed.Error.Retryable);
    }

    [Fact]
    public async Task UpsertEachAsync_SystemUnavailable_FailsTheWholeBatch()
    {
        await using var stub = await StubServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        await using var harness = ConnectorHarness.Create(stub.BaseUrl, new Dictionary<string, string?> { ["Connectors:test:Retry:MaxRetries"] = "0" });
        var client = harness.Client;

        await Assert.ThrowsAsync<ConnectorTransientException>(() => RecordBatches.UpsertEachAsync([Contact("C1")], async (record, ct) =>
        {
            using var response = await client.PutAsJsonAsync($"lists/L1/members/{record.ExternalId}", record.Payload, ct);
            return RecordUpsertResult.Ok(record.Identity, "x", RecordUpsertStatus.Updated);
        }));
    }

    private static CanonicalRecord Contact(string id) =>
        new("crm", CanonicalEntity.MarketingContact, id, 1, JsonSerializer.SerializeToElement(new { email_address = id + "@example.com" }));
}
