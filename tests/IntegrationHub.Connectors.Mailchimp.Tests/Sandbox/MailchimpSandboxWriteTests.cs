using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IntegrationHub.Connectors.Mailchimp.Members;
using IntegrationHub.Sandbox.Mailchimp;
using IntegrationHub.Testing;

namespace IntegrationHub.Connectors.Mailchimp.Tests.Sandbox;

/// <summary>Upserts, lookups, limits and auth against the Mailchimp sandbox.</summary>
public sealed class MailchimpSandboxWriteTests
{
    [Fact]
    public async Task Upsert_MixedBatch_GoodOnesWrittenEachRefusalCarriesItsRecordsIdentity()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync();
        await using var harness = MailchimpHarness.ForSandbox(sandbox);
        CanonicalRecord[] batch =
        [
            Contacts.Contact("c-1", "grace.hopper@navy.example.org", tags: ["vip"]),
            Contacts.Contact("c-2", "test@example.com"),                       // the vendor refuses fake-looking addresses
            Contacts.Contact("c-3", "ada@analytical.org", birthday: "--13-40"), // mapped as "13/40": refused by the vendor
            Contacts.Contact("c-4", "alan@bletchley.org", status: "bounced"),  // not writable: refused by the connector
        ];

        var results = await harness.Contacts.Upserter!.UpsertAsync(batch);

        Assert.Equal(batch.Select(r => r.Identity), results.Select(r => r.Record));
        Assert.True(results[0].Succeeded);
        Assert.Equal(["Failed", "Failed", "Failed"], results.Skip(1).Select(r => r.Status.ToString()));
        Assert.Equal("Invalid Resource", results[1].Error!.Code);
        Assert.Contains("looks fake or invalid", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("BIRTHDAY", results[2].Error!.Message, StringComparison.Ordinal);
        Assert.StartsWith("Your merge fields were invalid. (BIRTHDAY", results[2].Error!.Message, StringComparison.Ordinal); // the vendor's sentence, then its field errors
        Assert.Equal("invalid-status", results[3].Error!.Code);
        var stored = sandbox.Members.Get(SubscriberHash.Of("grace.hopper@navy.example.org"))!;
        Assert.Equal("vip", stored["tags"]![0]!["name"]!.GetValue<string>());
        Assert.Null(sandbox.Members.Get(SubscriberHash.Of("ada@analytical.org")));
    }

    [Fact]
    public async Task Tags_SetActiveAndInactive_OtherTagsKept_AMemberThatIsGoneOrABadHashFailsThatRecord()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync();
        await using var harness = MailchimpHarness.ForSandbox(sandbox);
        await harness.Contacts.Upserter!.UpsertAsync([Contacts.Contact("c-1", "tagged@acme.org", tags: ["vip", "tier:low"])]);
        var hash = SubscriberHash.Of("tagged@acme.org");
        var upserter = harness.Connector.Entities.Single(e => e.Entity.Name == "marketing-tags").Upserter!;
        CanonicalRecord Tags(string member) => new("hub", new CanonicalEntity("marketing-tags"), "c-" + member, 1, System.Text.Json.JsonSerializer.SerializeToElement(new
        {
            memberId = member, active = new[] { "tier:high-value", "stage:active" }, inactive = new[] { "tier:low", "tier:potential", "stage:new", "tier:high-value" },
        }));

        var results = await upserter.UpsertAsync([Tags(hash), Tags(SubscriberHash.Of("nobody@acme.org")), Tags("not-a-hash")]);

        Assert.True(results[0].Succeeded);
        Assert.Equal(hash, results[0].TargetId);
        Assert.False(results[1].Succeeded); // 404: never created
        Assert.Equal("invalid-payload", results[2].Error!.Code);
        var tags = sandbox.Members.Get(hash)!["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order();
        Assert.Equal(["stage:active", "tier:high-value", "vip"], tags); // tier:low removed, vip untouched, active wins over inactive
        Assert.Null(sandbox.Members.Get(SubscriberHash.Of("nobody@acme.org")));
    }

    [Fact]
    public async Task Upsert_SameMemberTwiceInOneBatch_OnlyTheNewestWrittenTheOtherSkipped()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync();
        await using var harness = MailchimpHarness.ForSandbox(sandbox);

        var results = await harness.Contacts.Upserter!.UpsertAsync(
            [Contacts.Contact("c-1", "twice@acme.org", version: 2, tags: ["newer"]), Contacts.Contact("c-1", "Twice@acme.org", version: 1, tags: ["older"])]);

        Assert.Equal([RecordUpsertStatus.Updated, RecordUpsertStatus.Skipped], results.Select(r => r.Status));
        Assert.Equal(results[0].TargetId, results[1].TargetId);
        var tags = sandbox.Members.Get(SubscriberHash.Of("twice@acme.org"))!["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>());
        Assert.Equal(["newer"], tags);
    }

    [Fact]
    public async Task Upsert_ThenGetByEmail_RoundTripsTheContact()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync();
        await using var harness = MailchimpHarness.ForSandbox(sandbox);
        await harness.Contacts.Upserter!.UpsertAsync([Contacts.Contact("c-1", "Katherine.Johnson@nasa-langley.org", tags: ["trajectory"], birthday: "--08-26")]);

        var record = await harness.Contacts.Lookup!.GetAsync("katherine.johnson@nasa-langley.org");

        Assert.NotNull(record);
        Assert.Equal("Ada", record.Payload.GetProperty("firstName").GetString());
        Assert.Equal("--08-26", record.Payload.GetProperty("birthday").GetString());
        Assert.Equal("subscribed", record.Payload.GetProperty("status").GetString());
        Assert.Equal(["trajectory"], record.Payload.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Null(await harness.Contacts.Lookup.GetAsync("nobody@nowhere.org"));
    }

    [Fact]
    public async Task Upsert_MemberWhoUnsubscribedInMailchimp_StaysUnsubscribed()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync();
        await using var harness = MailchimpHarness.ForSandbox(sandbox);
        var email = "opted.out@acme.org";
        await harness.Contacts.Upserter!.UpsertAsync([Contacts.Contact("c-1", email, status: "unsubscribed")]);

        var result = Assert.Single(await harness.Contacts.Upserter.UpsertAsync([Contacts.Contact("c-1", email, status: "subscribed", version: 2)]));

        Assert.True(result.Succeeded);
        Assert.Equal("unsubscribed", sandbox.Members.Get(SubscriberHash.Of(email))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_WithVersionMergeField_OlderVersionSkipped()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync();
        await using var harness = MailchimpHarness.ForSandbox(sandbox, new Dictionary<string, string?> { ["Connectors:Mailchimp:VersionMergeField"] = "HUBVER" });
        var upserter = harness.Contacts.Upserter!;

        var first = await upserter.UpsertAsync([Contacts.Contact("c-1", "versioned@acme.org", version: 5)]);
        var older = await upserter.UpsertAsync([Contacts.Contact("c-1", "versioned@acme.org", version: 4)]);
        var newer = await upserter.UpsertAsync([Contacts.Contact("c-1", "versioned@acme.org", version: 6)]);

        Assert.Equal(RecordUpsertStatus.Created, first[0].Status);
        Assert.Equal(RecordUpsertStatus.Skipped, older[0].Status);
        Assert.Equal(RecordUpsertStatus.Updated, newer[0].Status);
        Assert.Equal(6, sandbox.Members.Get(SubscriberHash.Of("versioned@acme.org"))!["merge_fields"]!["HUBVER"]!.GetValue<long>());
    }

    [Fact]
    public async Task Upsert_SandboxAtItsConnectionLimit_429RetryAfterHonouredThenWritten()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync(new MailchimpSandboxOptions { MaxConcurrentConnections = 1 });
        await using var harness = MailchimpHarness.ForSandbox(sandbox);
        var auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("other-client:" + sandbox.Credentials.ApiKey)));
        using var raw = new HttpClient { BaseAddress = sandbox.BaseUrl };
        var gate = new TaskCompletionSource();
        // Another client of the same key holds the only connection: its PUT body is still arriving.
        var held = raw.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"lists/{sandbox.Credentials.ListId}/members/{SubscriberHash.Of("holder@acme.org")}")
        {
            Content = new GatedContent("""{"email_address":"holder@acme.org","status_if_new":"subscribed"}""", gate.Task),
            Headers = { Authorization = auth },
        });
        await Eventually.Await(async () =>
        {
            using var ping = new HttpRequestMessage(HttpMethod.Get, "ping") { Headers = { Authorization = auth } };
            using var answer = await raw.SendAsync(ping);
            return answer.StatusCode;
        }, status => status == HttpStatusCode.TooManyRequests, because: "the held request occupies the key's only connection");

        var upsert = harness.Contacts.Upserter!.UpsertAsync([Contacts.Contact("c-1", "waiting@acme.org")]);
        await Eventually.Await(() => harness.Logs.Any(l => l.Contains("retrying as attempt 2 after status 429", StringComparison.Ordinal)), seen => seen);
        gate.SetResult();
        var result = Assert.Single(await upsert);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(HttpStatusCode.OK, (await held).StatusCode);
        Assert.Single(harness.Logs, l => l.Contains("retrying as attempt 2 after status 429", StringComparison.Ordinal) && l.Contains("waiting 1000 ms", StringComparison.Ordinal));
        Assert.NotNull(sandbox.Members.Get(SubscriberHash.Of("waiting@acme.org")));
    }

    [Fact]
    public async Task Upsert_ConnectorLimitAtTheVendorsLimit_NeverThrottled()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync(new MailchimpSandboxOptions { MaxConcurrentConnections = 3 });
        await using var harness = MailchimpHarness.ForSandbox(sandbox, new Dictionary<string, string?>
        {
            ["Connectors:Mailchimp:MaxParallelUpserts"] = "10",
            ["Connectors:Mailchimp:Limits:MaxConcurrency"] = "3",
        });
        var batch = Enumerable.Range(0, 20).Select(i => Contacts.Contact($"c-{i}", $"calm.{i}@acme.org", tags: ["t"])).ToArray();

        var results = await harness.Contacts.Upserter!.UpsertAsync(batch);

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.DoesNotContain(harness.Logs, l => l.Contains("answered 429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_SandboxAcceptsTheKey_Healthy_WrongKey_UnhealthyAndNeverLogged()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync();
        await using var good = MailchimpHarness.ForSandbox(sandbox);
        const string wrongKey = "ffffffffffffffffffffffffffffffff-sandbox";
        await using var bad = MailchimpHarness.ForSandbox(sandbox, new Dictionary<string, string?> { ["Connectors:Mailchimp:ApiKey"] = wrongKey });

        Assert.Equal(ConnectorHealthStatus.Healthy, (await good.Connector.CheckHealthAsync()).Status);
        Assert.Equal(ConnectorHealthStatus.Unhealthy, (await bad.Connector.CheckHealthAsync()).Status);
        var error = await Assert.ThrowsAsync<ConnectorPermanentException>(() => bad.ReadAllAsync());
        Assert.Equal(401, error.StatusCode);
        Assert.DoesNotContain(wrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(bad.Logs, l => l.Contains(wrongKey, StringComparison.Ordinal) || l.Contains(sandbox.Credentials.ApiKey, StringComparison.Ordinal));
    }
}
