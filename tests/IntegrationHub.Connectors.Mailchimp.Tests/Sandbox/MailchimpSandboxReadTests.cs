using Microsoft.AspNetCore.Builder;
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
    public async Task ReadChanges_BlockMemberChangesWhileTheBlockIsPaged_NoNeighbourSkipped()
    {
        MailchimpSandbox? sandbox = null;
        string? moved = null;
        // Through the sandbox's pipeline hook: just before the first request that steps inside the same-second block,
        // a member of the block that was already delivered changes (it leaves the block; the rest shift forward).
        await using var started = await MailchimpSandbox.StartAsync(new MailchimpSandboxOptions
        {
            ConfigurePipeline = app => app.Use(async (context, next) =>
            {
                if (context.Request.Query["offset"] is { Count: > 0 } offset && offset != "0" && moved is null)
                {
                    var first = sandbox!.Members.All().GroupBy(m => m["last_changed"]!.GetValue<string>()).MaxBy(g => g.Count())!
                        .OrderBy(m => m["id"]!.GetValue<string>(), StringComparer.Ordinal).First();
                    moved = first["id"]!.GetValue<string>();
                    sandbox.Members.Upsert(moved, first["email_address"]!.GetValue<string>(), (m, _) => m["language"] = "fr");
                }

                await next(context);
            }),
        });
        sandbox = started;
        var seeded = sandbox.Members.All().Select(m => m["id"]!.GetValue<string>()).ToHashSet();
        await using var harness = MailchimpHarness.ForSandbox(sandbox, SmallPages);

        var delivered = (await harness.ReadAllAsync()).SelectMany(p => p.Records).Select(r => r.ExternalId).ToList();

        Assert.NotNull(moved);
        Assert.Empty(seeded.Except(delivered));
        Assert.Equal(2, delivered.Count(id => id == moved)); // once from the block, once with its new change time
        Assert.Equal(delivered.Count - 1, delivered.Distinct().Count());
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
