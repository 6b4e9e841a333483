using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Hosting;
using IntegrationHub.Sandbox.Kingdee;
using IntegrationHub.Sandbox.Mailchimp;
using IntegrationHub.Sandbox.Xero;
using IntegrationHub.Testing;

namespace IntegrationHub.IntegrationTests.Scale;

/// <summary>
/// Customers created and then edited in the sandbox CRM while hubs run the customer flow (crm-customers.yaml), and the
/// check that each one reached the ERP, finance and marketing exactly once with its last edit.
/// </summary>
internal sealed class CustomerChurn(SandboxSystems sandboxes, string prefix)
{
    private readonly Dictionary<string, string> _phones = new(StringComparer.Ordinal); // CRM account id -> last phone (E.164)

    public int Count => _phones.Count;

    /// <summary>The repository's customer flow, fired every two seconds (cron, so every slot has a fixed time), publishing on <paramref name="topic"/>.</summary>
    public static string Flow(string topic) =>
        File.ReadAllText(Path.Combine(Repository.Root, "workflows", "crm-customers.yaml"))
            .Replace("{ type: Schedule, interval: PT1M }", "{ type: Schedule, cron: \"*/2 * * * * ?\" }", StringComparison.Ordinal)
            .Replace("topic: crm.customers", $"topic: {topic}", StringComparison.Ordinal);

    /// <summary>Creates <paramref name="accounts"/> accounts, then edits each one's phone, a change every <paramref name="pace"/>.</summary>
    public async Task RunAsync(int accounts, TimeSpan pace, CancellationToken cancellationToken)
    {
        var crm = sandboxes.Fxiaoke!.Records;
        var ids = new List<string>();
        for (var i = 0; i < accounts && !cancellationToken.IsCancellationRequested; i++)
        {
            var id = crm.Create("AccountObj", new JsonObject
            {
                ["name"] = $"{prefix} Trading {i:D3}",
                ["tel"] = $"1380013{i:D4}",
                ["email"] = $"buyer{i}@{prefix.ToLowerInvariant()}.example",
            }, null);
            lock (_phones)
            {
                _phones[id] = $"+861380013{i:D4}";
            }

            ids.Add(id);
            await Task.Delay(pace, CancellationToken.None);
        }

        for (var i = 0; i < ids.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            crm.Update("AccountObj", ids[i], new JsonObject { ["tel"] = $"1390013{i:D4}" }, null);
            lock (_phones)
            {
                _phones[ids[i]] = $"+861390013{i:D4}";
            }

            await Task.Delay(pace, CancellationToken.None);
        }
    }

    /// <summary>Waits until every account is in each target with its last phone, then checks each target holds it once.</summary>
    public async Task AssertInEveryTargetOnceAsync(TimeSpan wait)
    {
        var erp = (KingdeeSandbox)sandboxes.Systems.Single(s => s.System == "kingdee").Owner;
        var finance = (XeroSandbox)sandboxes.Systems.Single(s => s.System == "xero").Owner;
        var marketing = (MailchimpSandbox)sandboxes.Systems.Single(s => s.System == "mailchimp").Owner;
        List<string> Behind() => [.. _phones.Where(p =>
        {
            var number = "CRM-" + p.Key;
            var i = int.Parse(p.Value[^3..], System.Globalization.CultureInfo.InvariantCulture);
            return (string?)erp.Store.Field("BD_Customer", number, "FTEL") != p.Value
                || (string?)finance.Contacts.Get(number)?["Phones"]?[0]?["PhoneNumber"] != p.Value
                || (string?)marketing.Members.Get(MailchimpMemberStore.Hash($"buyer{i}@{prefix.ToLowerInvariant()}.example"))?["merge_fields"]?["PHONE"] != p.Value;
        }).Select(p => p.Key)];

        try
        {
            await Eventually.Await(Behind, b => b.Count == 0, wait, "every customer change reaches every target");
        }
        catch (TimeoutException)
        {
            var behind = Behind();
            Assert.Fail($"{behind.Count} of {_phones.Count} customers not in every target with their last edit: {string.Join(", ", behind.Take(10))}");
        }

        // Once: the ERP and marketing key their records by number and e-mail; finance could hold two contacts of one number.
        var numbers = _phones.Keys.Select(id => "CRM-" + id).ToHashSet(StringComparer.Ordinal);
        var contacts = finance.Contacts.All().Select(c => (string?)c["ContactNumber"]).Where(n => n is not null && numbers.Contains(n)).ToList();
        Assert.Equal(numbers.Count, contacts.Count);
        Assert.Equal(numbers.Count, contacts.Distinct(StringComparer.Ordinal).Count());
    }
}
