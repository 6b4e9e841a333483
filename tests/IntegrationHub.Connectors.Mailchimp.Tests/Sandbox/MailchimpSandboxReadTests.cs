using IntegrationHub.Sandbox.Mailchimp;

namespace IntegrationHub.Connectors.Mailchimp.Tests.Sandbox;

/// <summary>Reading changes from the Mailchimp sandbox: paging, the same-second boundary, resuming from any cursor.</summary>
public sealed class MailchimpSandboxReadTests
{
    private static readonly Dictionary<string, string?> SmallPages = new() { ["Connectors:Mailchimp:PageSize"] = "7" };

    [Fact]
    public async Task ReadChanges_FromTheStart_EveryMemberExactlyOnceOldestFirstAcrossPagesAndTheSameSecondBlock()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync();
        await using var harness = MailchimpHarness.ForSandbox(sandbox, SmallPages);

        var pages = await harness.ReadAllAsync();
        var records = pages.SelectMany(p => p.Records).ToList();

        Assert.Equal(sandbox.Members.Count, records.Count);
        Assert.Equal(records.Count, records.Select(r => r.ExternalId).Distinct().Count());
        Assert.Equal(records.Select(r => r.SourceVersion).Order(), records.Select(r => r.SourceVersion));
        Assert.True(pages.Count > sandbox.Members.Count / 7, "several pages were read");
        Assert.True(records.GroupBy(r => r.SourceVersion).Max(g => g.Count()) > 7, "the seed has a same-second block larger than a page");
    }

    [Fact]
    public async Task ReadChanges_ResumedFromEachPagesCursor_ExactlyTheRestNoGapsNoRepeats()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync();
        await using var harness = MailchimpHarness.ForSandbox(sandbox, SmallPages);
        var pages = await harness.ReadAllAsync();
        var all = pages.SelectMany(p => p.Records.Select(r => r.ExternalId)).ToList();

        var delivered = 0;
        foreach (var page in pages)
        {
            delivered += page.Records.Count;
            var rest = (await harness.ReadAllAsync(page.Cursor)).SelectMany(p => p.Records.Select(r => r.ExternalId)).ToList();
            Assert.Equal(all.Skip(delivered), rest);
        }
    }

    [Fact]
    public async Task ReadChanges_AfterUpserts_OnlyTheChangedMembers()
    {
        await using var sandbox = await MailchimpSandbox.StartAsync();
        await using var harness = MailchimpHarness.ForSandbox(sandbox, SmallPages);
        var cursor = (await harness.ReadAllAsync())[^1].Cursor;
        await harness.Contacts.Upserter!.UpsertAsync([Contacts.Contact("c-1", "new.one@acme.org"), Contacts.Contact("c-2", "new.two@acme.org")]);

        var changed = (await harness.ReadAllAsync(cursor)).SelectMany(p => p.Records).Select(r => r.Payload.GetProperty("email").GetString()).ToList();

        Assert.Equal(["new.one@acme.org", "new.two@acme.org"], changed.Order());
        Assert.Empty(await harness.ReadAllAsync((await harness.ReadAllAsync(cursor))[^1].Cursor));
    }
}
