using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Connectors.Http.Batches;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace IntegrationHub.Connectors.Http.Tests.Batches;

public sealed class RecordBatchesTests
{
    [Fact]
    public async Task UpsertEachAsync_OneRecordRefused_ReportsItWithItsIdentityAndUpsertsTheOthers()
    {
        using var stub = PlumbingMock.Empty();
        stub.Server.Given(Request.Create().WithPath("/lists/L1/members/C2").UsingPut()).AtPriority(1).WithTitle("refused member")
            .RespondWith(Response.Create().WithStatusCode(422).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"Invalid Resource","status":422,"detail":"invalid","errors":[{"field":"email_address","message":"looks fake"}]}"""));
        stub.Server.Given(Request.Create().WithPath(new WildcardMatcher("/lists/L1/members/*")).UsingPut()).AtPriority(2).WithTitle("member upserted")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("{\"id\":\"mc-{{request.PathSegments.[3]}}\"}").WithTransformer());
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
        using var stub = PlumbingMock.Answering(503);
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
