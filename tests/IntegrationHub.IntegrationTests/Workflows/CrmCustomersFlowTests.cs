using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Identity;
using IntegrationHub.Sandbox.Kingdee;
using IntegrationHub.Sandbox.Mailchimp;
using IntegrationHub.Sandbox.Xero;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// The repository's <c>workflows/crm-customers.yaml</c> on the whole hub against the sandboxes: a customer created in the
/// CRM reaches the ERP, finance and marketing once; an edit updates each once; an unchanged re-read calls no target; an
/// invalid account is quarantined with its reasons and does not hold up the others; a target's refusal is quarantined too.
/// </summary>
public sealed class CrmCustomersFlowTests : IAsyncLifetime
{
    private HubTestHost _hub = null!;
    private string _topic = null!;

    public async Task InitializeAsync()
    {
        _topic = SharedKafka.UniqueName("crm.customers");
        var flow = File.ReadAllText(Path.Combine(Repository.Root, "workflows", "crm-customers.yaml"))
            .Replace("interval: PT1M", "interval: PT1H", StringComparison.Ordinal)
            .Replace("topic: crm.customers", $"topic: {_topic}", StringComparison.Ordinal);
        _hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string> { ["crm-customers.yaml"] = flow });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private KingdeeSandbox Erp => _hub.Sandbox<KingdeeSandbox>("kingdee");

    private XeroSandbox Finance => _hub.Sandbox<XeroSandbox>("xero");

    private MailchimpSandbox Marketing => _hub.Sandbox<MailchimpSandbox>("mailchimp");

    [Fact]
    public async Task ACrmCustomer_ReachesEveryTargetOnce_AnEditUpdatesEachOnce_AndAnUnchangedReadCallsNoTarget()
    {
        await RingAsync(); // catch up with whatever the sandbox CRM holds
        var (customers, contacts, members) = (Erp.Store.Count("BD_Customer"), Finance.Contacts.Count, Marketing.Members.Count);
        var id = _hub.Crm.Records.Create("AccountObj", new JsonObject
        {
            ["name"] = "  Acme   Pumps ",
            ["tel"] = "138 0013 8000",
            ["email"] = "Buyer@ACME.example",
            ["credit_code__c"] = "91110108551385082q",
        }, null);
        var number = "CRM-" + id;

        await RingAsync();
        var calls = Calls();
        await RingAsync();
        var idle = Calls();
        _hub.Crm.Records.Update("AccountObj", id, new JsonObject { ["tel"] = "13800138001" }, null);
        await RingAsync();

        Assert.Equal(calls, idle);
        Assert.Equal((customers + 1, contacts + 1, members + 1), (Erp.Store.Count("BD_Customer"), Finance.Contacts.Count, Marketing.Members.Count));
        Assert.Equal("Acme Pumps", Erp.Store.Field("BD_Customer", number, "FName")?.ToString());
        Assert.Equal("+8613800138001", (string?)Erp.Store.Field("BD_Customer", number, "FTEL"));
        Assert.Equal("91110108551385082Q", (string?)Erp.Store.Field("BD_Customer", number, "FTAXREGISTERCODE"));
        var contact = Finance.Contacts.Get(number)!;
        Assert.Equal(("Acme Pumps", "Buyer@acme.example", "+8613800138001"), ((string?)contact["Name"], (string?)contact["EmailAddress"], (string?)contact["Phones"]![0]!["PhoneNumber"]));
        var member = Marketing.Members.Get(MailchimpMemberStore.Hash("Buyer@acme.example"))!;
        Assert.Equal(("transactional", "+8613800138001"), ((string?)member["status"], (string?)member["merge_fields"]!["PHONE"]));
        var view = await _hub.GetJsonAsync($"api/v1/customers/{HubIds.For("fxiaoke", "customer", id)}");
        Assert.Equal(["fxiaoke", "kingdee", "mailchimp", "xero"], view.GetProperty("systems").EnumerateArray().Select(s => s.GetProperty("system").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(2, await _hub.CountRowsAsync($"record_events WHERE topic = '{_topic}'"));
    }

    [Fact]
    public async Task AnInvalidAccount_IsQuarantinedWithEveryReason_AndTheValidOnesGoOn_AndATargetRefusalIsQuarantinedToo_AndReplayedOnceFixed()
    {
        var bad = _hub.Crm.Records.Create("AccountObj", new JsonObject { ["name"] = "Typo Trading", ["tel"] = "12", ["email"] = "not-an-address", ["credit_code__c"] = "91110108551385082R" }, null);
        var good = _hub.Crm.Records.Create("AccountObj", new JsonObject { ["name"] = "Good Gears", ["tel"] = "13900139000" }, null);
        var takenName = (string)Finance.Contacts.All()[0]["Name"]!;
        var refused = _hub.Crm.Records.Create("AccountObj", new JsonObject { ["name"] = takenName, ["tel"] = "13700137000" }, null);

        await RingAsync();
        var quarantine = await _hub.GetJsonAsync("api/v1/quarantine?flow=crm-customers");

        var entries = quarantine.GetProperty("records").EnumerateArray().ToDictionary(e => e.GetProperty("record").GetProperty("externalId").GetString()!);
        Assert.Equal(["creditCode", "email", "phone"], entries[bad].GetProperty("reasons").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("already assigned to another contact", entries[refused].GetProperty("reasons").GetProperty("xero").GetString(), StringComparison.Ordinal);
        Assert.False(entries.ContainsKey(good));
        Assert.NotNull(Erp.Store.Field("BD_Customer", "CRM-" + good, "FName"));
        Assert.NotNull(Erp.Store.Field("BD_Customer", "CRM-" + refused, "FName")); // the ERP took it; only finance refused
        Assert.Null(Finance.Contacts.Get("CRM-" + refused));
        Assert.Null(Erp.Store.Field("BD_Customer", "CRM-" + bad, "FName"));

        // Replayed before finance is fixed: the flow runs it again and finance refuses it again (one more refusal, one replay).
        var refusedId = entries[refused].GetProperty("id").GetInt64();
        var badId = entries[bad].GetProperty("id").GetInt64();
        var again = await ReplayAsync($"api/v1/quarantine/{refusedId}/replay");
        var run = Assert.Single(again.GetProperty("runs").EnumerateArray());
        Assert.Equal(("crm-customers", "Finished"), (run.GetProperty("flow").GetString(), run.GetProperty("status").GetString()));
        var still = Assert.Single(run.GetProperty("entries").EnumerateArray());
        Assert.Equal(("open", 2, 1), (still.GetProperty("status").GetString(), still.GetProperty("times").GetInt32(), still.GetProperty("replays").GetInt32()));
        Assert.Null(Finance.Contacts.Get("CRM-" + refused));

        // Finance renames the contact holding the name; a bulk replay of the flow delivers the account (the ERP, which has it,
        // is not called again) and releases it, while the invalid one is refused again by the flow's own check.
        foreach (var holding in Finance.Contacts.All().Where(c => (string?)c["Name"] == takenName))
        {
            Finance.Contacts.Set((string)holding["ContactID"]!, "Name", takenName + " (old)");
        }

        var erpCalls = _hub.Requests("kingdee");
        var bulk = await ReplayAsync("api/v1/quarantine/replay?flow=crm-customers");
        var after = Assert.Single(bulk.GetProperty("runs").EnumerateArray()).GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetInt64());
        Assert.Equal("released", after[refusedId].GetProperty("status").GetString());
        Assert.Equal(takenName, (string?)Finance.Contacts.Get("CRM-" + refused)?["Name"]);
        Assert.Equal(erpCalls, _hub.Requests("kingdee"));
        Assert.Equal(("open", 2), (after[badId].GetProperty("status").GetString(), after[badId].GetProperty("times").GetInt32()));
        Assert.Null(Erp.Store.Field("BD_Customer", "CRM-" + bad, "FName"));

        // Given up with a reason: kept as the audit, no longer open, cannot be replayed or discarded twice.
        using var noReason = await _hub.Http.DeleteAsync($"api/v1/quarantine/{badId}");
        using var discard = await _hub.Http.DeleteAsync($"api/v1/quarantine/{badId}?reason=duplicate%20test%20account");
        var discarded = await discard.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        using var twice = await _hub.Http.DeleteAsync($"api/v1/quarantine/{badId}?reason=again");
        using var replayDiscarded = await _hub.Http.PostAsync($"api/v1/quarantine/{badId}/replay", null);
        using var unknown = await _hub.Http.PostAsync("api/v1/quarantine/987654/replay", null);
        using var badMax = await _hub.Http.PostAsync("api/v1/quarantine/replay?max=0", null);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, discard.StatusCode);
        Assert.Equal(("discarded", "duplicate test account", "erp-test"), (discarded.GetProperty("status").GetString(),
            discarded.GetProperty("discarded").GetProperty("reason").GetString(), discarded.GetProperty("discarded").GetProperty("by").GetString()));
        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.NotFound, HttpStatusCode.BadRequest),
            (twice.StatusCode, replayDiscarded.StatusCode, unknown.StatusCode, badMax.StatusCode));
        Assert.Empty((await _hub.GetJsonAsync("api/v1/quarantine?flow=crm-customers")).GetProperty("records").EnumerateArray());
        Assert.Equal("discarded", (await _hub.GetJsonAsync($"api/v1/quarantine/{badId}")).GetProperty("status").GetString());
    }

    private async Task<System.Text.Json.JsonElement> ReplayAsync(string path)
    {
        using var response = await _hub.Http.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }

    [Fact]
    public async Task ABackfillFromTheBeginning_ReReadsEveryAccount_WithoutATargetCall_AndBadRequestsAreRefused()
    {
        for (var i = 0; i < 3; i++)
        {
            _hub.Crm.Records.Create("AccountObj", new JsonObject { ["name"] = $"Backfill Bearings {i}", ["tel"] = $"1380013800{i}", ["email"] = $"b{i}@bearings.example" }, null);
        }

        using var early = await _hub.Http.PostAsync("api/v1/flows/crm-customers/backfill", null);
        await RingAsync();
        var calls = Calls();
        using var accepted = await _hub.Http.PostAsync("api/v1/flows/crm-customers/backfill", null);
        var done = await Eventually.Await(async () => (await _hub.GetJsonAsync("api/v1/flows")).GetProperty("flows").EnumerateArray()
            .Single(f => f.GetProperty("flow").GetString() == "crm-customers").GetProperty("backfill"), b => b.GetProperty("state").GetString() is "finished" or "faulted");
        using var unknown = await _hub.Http.PostAsync("api/v1/flows/no-such-flow/backfill", null);
        using var badTime = await _hub.Http.PostAsJsonAsync("api/v1/flows/crm-customers/backfill", new { from = "last tuesday" });
        using var extra = await _hub.Http.PostAsJsonAsync("api/v1/flows/crm-customers/backfill", new { from = "2026-11-01T00:00:00Z", dryRun = true });
        using var fromTime = await _hub.Http.PostAsJsonAsync("api/v1/flows/crm-customers/backfill", new { from = "2026-11-01T00:00:00Z" });

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode); // nothing read yet: no cursor to move
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("finished", done.GetProperty("state").GetString());
        Assert.True(done.GetProperty("readSinceRequest").GetInt64() >= 3, done.ToString());
        Assert.Equal(calls, Calls()); // every account re-read unchanged: no target call
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Contains("from", await badTime.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, extra.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, fromTime.StatusCode);
    }

    /// <summary>The CRM's change notification: a webhook call that reads now (202 once the run finished).</summary>
    private async Task RingAsync()
    {
        using var response = await _hub.Http.PostAsJsonAsync("api/v1/hooks/crm-customers", new { objectApiName = "AccountObj" });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private (long Erp, long Finance, long Marketing) Calls()
    {
        return (_hub.Requests("kingdee"), _hub.Requests("xero"), _hub.Requests("mailchimp"));
    }
}
