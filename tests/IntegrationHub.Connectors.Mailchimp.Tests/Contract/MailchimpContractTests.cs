using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Mailchimp.Tests.Contract;

/// <summary>The connector against a stub answering the Marketing API reference's documented request/response shapes.</summary>
public sealed class MailchimpContractTests
{
    private const string MemberAnswer = """
        {"id":"62eeb292278cc15f5817cb78f7790b08","email_address":"urist.mcvankab@freddiesjokes.com","status":"subscribed",
         "merge_fields":{"FNAME":"Urist","LNAME":"McVankab"},"last_changed":"2015-09-15T17:27:16+00:00","tags":[],"list_id":"57afe96172"}
        """;

    // The reference's error shape (application/problem+json).
    private const string Problem = """
        {"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"Invalid Resource","status":400,
         "detail":"The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
         "instance":"2a1e5d7c-0000-4000-8000-1234567890ab","errors":[{"field":"email_address","message":"This value should not be blank."}]}
        """;

    [Fact]
    public async Task Upsert_PutsToTheSubscriberHashWithBasicAuthThenPostsTags()
    {
        await using var stub = await MailchimpStub.StartAsync((context, request, _) =>
            request.Method == "PUT" ? MailchimpStub.Json(context, MemberAnswer) : Task.FromResult(context.Response.StatusCode = 204));
        await using var harness = MailchimpHarness.Create(stub.BaseUrl);
        var record = Contacts.Contact("crm-7", "Urist.McVankab@freddiesjokes.com", tags: ["customer"]);

        var result = Assert.Single(await harness.Contacts.Upserter!.UpsertAsync([record]));

        Assert.True(result.Succeeded);
        Assert.Equal("62eeb292278cc15f5817cb78f7790b08", result.TargetId);
        var requests = stub.Requests.ToArray();
        Assert.Equal("PUT", requests[0].Method);
        Assert.Equal("/3.0/lists/57afe96172/members/62eeb292278cc15f5817cb78f7790b08", requests[0].PathAndQuery);
        var basic = AuthenticationHeaderValue.Parse(requests[0].Authorization!);
        Assert.Equal("Basic", basic.Scheme);
        Assert.EndsWith(":" + MailchimpHarness.ApiKey, Encoding.UTF8.GetString(Convert.FromBase64String(basic.Parameter!)), StringComparison.Ordinal);
        var body = JsonDocument.Parse(requests[0].Body).RootElement;
        Assert.Equal("Urist.McVankab@freddiesjokes.com", body.GetProperty("email_address").GetString());
        Assert.Equal("subscribed", body.GetProperty("status_if_new").GetString());
        Assert.Equal("Ada", body.GetProperty("merge_fields").GetProperty("FNAME").GetString());
        Assert.Equal("POST", requests[1].Method);
        Assert.Equal("/3.0/lists/57afe96172/members/62eeb292278cc15f5817cb78f7790b08/tags", requests[1].PathAndQuery);
        Assert.Equal("""{"tags":[{"name":"customer","status":"active"}]}""", requests[1].Body);
    }

    [Fact]
    public async Task Upsert_ProblemJson400_ThatRecordFailsWithTitleAndFieldDetails()
    {
        await using var stub = await MailchimpStub.StartAsync((context, _, _) => MailchimpStub.Json(context, Problem, 400, "application/problem+json"));
        await using var harness = MailchimpHarness.Create(stub.BaseUrl);
        var record = Contacts.Contact("crm-8", "someone@acme.org");

        var result = Assert.Single(await harness.Contacts.Upserter!.UpsertAsync([record]));

        Assert.Equal(RecordUpsertStatus.Failed, result.Status);
        Assert.Equal(record.Identity, result.Error!.Record);
        Assert.Equal("Invalid Resource", result.Error.Code);
        Assert.Contains("email_address: This value should not be blank.", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_SendsSinceLastChangedSortAndPaging_AsDocumented()
    {
        await using var stub = await MailchimpStub.StartAsync((context, _, _) =>
            MailchimpStub.Json(context, $$"""{"members":[{{MemberAnswer}}],"list_id":"57afe96172","total_items":1}"""));
        await using var harness = MailchimpHarness.Create(stub.BaseUrl, new Dictionary<string, string?> { ["Connectors:Mailchimp:PageSize"] = "50" });
        var cursor = """{"t":"2026-11-20T10:00:05+00:00","ids":[]}""";

        var pages = await harness.ReadAllAsync(cursor);

        Assert.Empty(pages); // the member changed in 2015 is before the cursor
        var request = Assert.Single(stub.Requests);
        Assert.Equal("/3.0/lists/57afe96172/members?since_last_changed=2026-11-20T10%3A00%3A04%2B00%3A00&count=50&offset=0&sort_field=last_changed&sort_dir=ASC", request.PathAndQuery);
    }

    [Fact]
    public async Task Read_UnreadableCursor_PermanentErrorBeforeAnyCall()
    {
        await using var stub = await MailchimpStub.StartAsync((context, _, _) => MailchimpStub.Json(context, "{}"));
        await using var harness = MailchimpHarness.Create(stub.BaseUrl);

        await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.ReadAllAsync("not a cursor"));

        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Lookup_TooManyRequestsWithRetryAfter_WaitsAndRetries()
    {
        await using var stub = await MailchimpStub.StartAsync((context, _, n) =>
        {
            if (n == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return MailchimpStub.Json(context, """{"title":"Too Many Requests","status":429,"detail":"slow down"}""", 429, "application/problem+json");
            }

            return MailchimpStub.Json(context, MemberAnswer);
        });
        await using var harness = MailchimpHarness.Create(stub.BaseUrl);

        var record = await harness.Contacts.Lookup!.GetAsync("urist.mcvankab@freddiesjokes.com");

        Assert.Equal("62eeb292278cc15f5817cb78f7790b08", record!.ExternalId);
        Assert.Equal(2, stub.Requests.Count);
        Assert.Single(harness.Logs, l => l.Contains("retrying as attempt 2 after status 429", StringComparison.Ordinal) && l.Contains("waiting 1000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lookup_ServerErrorThenOk_Retried()
    {
        await using var stub = await MailchimpStub.StartAsync((context, _, n) =>
            n == 1 ? Task.FromResult(context.Response.StatusCode = StatusCodes.Status500InternalServerError) : MailchimpStub.Json(context, MemberAnswer));
        await using var harness = MailchimpHarness.Create(stub.BaseUrl);

        var record = await harness.Contacts.Lookup!.GetAsync("62eeb292278cc15f5817cb78f7790b08");

        Assert.NotNull(record);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task Read_AnswerIsNotJson_PermanentConnectorErrorNotEchoingTheBody()
    {
        await using var stub = await MailchimpStub.StartAsync((context, _, _) => MailchimpStub.Json(context, "<html>maintenance token=abc</html>", 200, "text/html"));
        await using var harness = MailchimpHarness.Create(stub.BaseUrl);

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.ReadAllAsync());

        Assert.Equal("mailchimp", error.Connector);
        Assert.DoesNotContain("token=abc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_404_Null()
    {
        await using var stub = await MailchimpStub.StartAsync((context, _, _) =>
            MailchimpStub.Json(context, """{"title":"Resource Not Found","status":404,"detail":"The requested resource could not be found."}""", 404, "application/problem+json"));
        await using var harness = MailchimpHarness.Create(stub.BaseUrl);

        Assert.Null(await harness.Contacts.Lookup!.GetAsync("nobody@acme.org"));
    }

    [Fact]
    public async Task Health_KeyRejected_UnhealthyWithoutTheKey()
    {
        await using var stub = await MailchimpStub.StartAsync((context, _, _) =>
            MailchimpStub.Json(context, """{"title":"API Key Invalid","status":401,"detail":"Your API key may be invalid."}""", 401, "application/problem+json"));
        await using var harness = MailchimpHarness.Create(stub.BaseUrl);

        var health = await harness.Connector.CheckHealthAsync();

        Assert.Equal(ConnectorHealthStatus.Unhealthy, health.Status);
        Assert.Equal("credentials rejected (HTTP 401)", health.Description);
        Assert.DoesNotContain(harness.Logs, l => l.Contains(MailchimpHarness.ApiKey, StringComparison.Ordinal));
    }
}
