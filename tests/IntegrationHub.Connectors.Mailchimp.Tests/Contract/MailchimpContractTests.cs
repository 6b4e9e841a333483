using IntegrationHub.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace IntegrationHub.Connectors.Mailchimp.Tests.Contract;

/// <summary>
/// The connector against WireMock.Net playing the Marketing API reference's documented requests and answers
/// (<c>Mappings/mailchimp</c>: Basic auth with the key, subscriber hash, body and query shapes), with per-test faults.
/// </summary>
public sealed class MailchimpContractTests : IDisposable
{
    private const string Members = "/3.0/lists/57afe96172/members";
    private const string Urist = Members + "/62eeb292278cc15f5817cb78f7790b08";
    private readonly VendorMock _mailchimp = VendorMock.Start("mailchimp");

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
        await using var harness = Harness();
        var record = Contacts.Contact("crm-7", "Urist.McVankab@freddiesjokes.com", tags: ["customer"]);

        var result = Assert.Single(await harness.Contacts.Upserter!.UpsertAsync([record]));

        Assert.True(result.Succeeded);
        Assert.Equal("62eeb292278cc15f5817cb78f7790b08", result.TargetId);
        Assert.Equal(["mailchimp.member.put", "mailchimp.member.tags"], _mailchimp.Served());
        _mailchimp.AssertEveryRequestMatched();
    }

    [Fact]
    public async Task Upsert_ProblemJson400_ThatRecordFailsWithTitleAndFieldDetails()
    {
        _mailchimp.Server.Given(Request.Create().WithPath(Members + "/*").UsingPut()).WithTitle("member.invalid")
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/problem+json").WithBody(Problem));
        await using var harness = Harness();
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
        await using var harness = Harness(new Dictionary<string, string?> { ["Connectors:Mailchimp:PageSize"] = "50" });
        var cursor = """{"t":"2026-11-20T10:00:05+00:00","ids":[]}""";

        var pages = await harness.ReadAllAsync(cursor);

        Assert.Empty(pages); // the member changed in 2015 is before the cursor
        Assert.Equal(["mailchimp.members.changed-since"], _mailchimp.Served()); // one second before the cursor, 50 from 0, oldest first
        _mailchimp.AssertEveryRequestMatched();
    }

    [Fact]
    public async Task Read_UnreadableCursor_PermanentErrorBeforeAnyCall()
    {
        await using var harness = Harness();

        await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.ReadAllAsync("not a cursor"));

        Assert.Empty(_mailchimp.Calls());
    }

    [Fact]
    public async Task Lookup_TooManyRequestsWithRetryAfter_WaitsAndRetries()
    {
        _mailchimp.FirstThen(Urist, "throttled", r => r.WithStatusCode(429).WithHeader("Retry-After", "1").WithHeader("Content-Type", "application/problem+json")
            .WithBody("""{"title":"Too Many Requests","status":429,"detail":"slow down"}"""), MemberAnswer, method: "GET");
        await using var harness = Harness();

        var record = await harness.Contacts.Lookup!.GetAsync("urist.mcvankab@freddiesjokes.com");

        Assert.Equal("62eeb292278cc15f5817cb78f7790b08", record!.ExternalId);
        Assert.Equal(["throttled.first", "throttled.then"], _mailchimp.Served());
        Assert.Single(harness.Logs, l => l.Contains("retrying as attempt 2 after status 429", StringComparison.Ordinal) && l.Contains("waiting 1000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lookup_ServerErrorThenOk_Retried()
    {
        _mailchimp.FirstThen(Urist, "outage", r => r.WithStatusCode(500), MemberAnswer, method: "GET");
        await using var harness = Harness();

        var record = await harness.Contacts.Lookup!.GetAsync("62eeb292278cc15f5817cb78f7790b08");

        Assert.NotNull(record);
        Assert.Equal(["outage.first", "outage.then"], _mailchimp.Served());
    }

    [Fact]
    public async Task Read_AnswerIsNotJson_PermanentConnectorErrorNotEchoingTheBody()
    {
        _mailchimp.Server.Given(Request.Create().WithPath(Members).UsingGet()).WithTitle("maintenance")
            .RespondWith(Response.Create().WithHeader("Content-Type", "text/html").WithBody("<html>maintenance token=abc</html>"));
        await using var harness = Harness();

        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => harness.ReadAllAsync());

        Assert.Equal("mailchimp", error.Connector);
        Assert.DoesNotContain("token=abc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_404_Null()
    {
        _mailchimp.Server.Given(Request.Create().WithPath(Members + "/*").UsingGet()).WithTitle("member.unknown")
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"Resource Not Found","status":404,"detail":"The requested resource could not be found."}"""));
        await using var harness = Harness();

        Assert.Null(await harness.Contacts.Lookup!.GetAsync("nobody@acme.org"));
    }

    [Fact]
    public async Task Health_KeyRejected_UnhealthyWithoutTheKey()
    {
        _mailchimp.Server.Given(Request.Create().WithPath("/3.0/ping").UsingGet()).WithTitle("key.rejected")
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"API Key Invalid","status":401,"detail":"Your API key may be invalid."}"""));
        await using var harness = Harness();

        var health = await harness.Connector.CheckHealthAsync();

        Assert.Equal(ConnectorHealthStatus.Unhealthy, health.Status);
        Assert.Equal("credentials rejected (HTTP 401)", health.Description);
        Assert.DoesNotContain(harness.Logs, l => l.Contains(MailchimpHarness.ApiKey, StringComparison.Ordinal));
    }

    public void Dispose() => _mailchimp.Dispose();

    private MailchimpHarness Harness(IDictionary<string, string?>? settings = null) => MailchimpHarness.Create(new Uri(_mailchimp.BaseUrl, "3.0/"), settings);
}
