using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace IntegrationHub.Benchmarks.Flows;

/// <summary>
/// The repository's <c>workflows/crm-customers.yaml</c> end to end on the whole hub (in this process) against the five
/// sandboxes: N new CRM accounts read, normalised, observed and written to Kingdee, Xero and Mailchimp in one run, timed;
/// once with the vendors' published limits on (sandboxes and connectors) and once with them off. Reports records/s, the
/// vendor calls per record, and the ratio to the theoretical maximum of the binding limit (calls allowed per minute x
/// records the vendor accepts per call): records/s over Xero's 25/s, and (since the limit's window starts full, so a run
/// of T seconds may use 60 x ceil(T / 60) calls) the records written over what the calls of the started minutes carry,
/// the stricter figure for short runs. Accounts only the run creates are counted (the sandboxes start empty).
/// </summary>
internal static class CustomerFlowDriver
{
    // The binding limit with limits on: Xero, 60 calls a minute, and its POST Contacts takes up to 50 contacts per call
    // (Xero's guidance for batches), one GET finding up to 100 by number: 2 calls per 50 records at best.
    private const double XeroCallsPerMinute = 60;
    private const double XeroRecordsPerTwoCalls = 50;

    public static async Task<int> RunAsync(int accounts, CancellationToken cancellationToken)
    {
        var rows = new List<string>();
        foreach (var limits in new[] { true, false })
        {
            var (elapsed, calls) = await OneAsync(accounts, limits, cancellationToken).ConfigureAwait(false);
            var perSecond = accounts / elapsed.TotalSeconds;
            var steady = XeroCallsPerMinute / 2 * XeroRecordsPerTwoCalls / 60; // records/s the limit carries at best
            var windows = Math.Ceiling(elapsed.TotalMinutes);
            var allowed = XeroCallsPerMinute * windows / 2 * XeroRecordsPerTwoCalls; // records the calls of the run's started windows carry
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| limits {(limits ? "on" : "off")} | {accounts} | {elapsed.TotalSeconds:0.0} s | {perSecond:0.00} | {string.Join(", ", calls.Select(c => $"{c.Key} {c.Value / (double)accounts:0.000}"))} | {(limits ? $"{perSecond / steady:P1} of {steady:0.0}/s ({accounts / allowed:P1} of {allowed:0} in {windows} started minutes)" : "n/a")} |"));
            Console.WriteLine(rows[^1]);
        }

        Console.WriteLine();
        Console.WriteLine("| run | accounts | elapsed | records/s | vendor calls per record | ratio to Xero's theoretical maximum |");
        Console.WriteLine("|---|---:|---:|---:|---|---:|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<(TimeSpan Elapsed, Dictionary<string, long> Calls)> OneAsync(int accounts, bool limits, CancellationToken cancellationToken)
    {
        await using var bench = await FlowBenchHost.StartAsync(limits, ["crm-customers"], sandboxes =>
        {
            for (var i = 1; i <= accounts; i++)
            {
                sandboxes.Fxiaoke!.Records.Create("AccountObj", new JsonObject
                {
                    ["name"] = string.Create(CultureInfo.InvariantCulture, $"Bench Bearings {i:D5}"),
                    ["tel"] = string.Create(CultureInfo.InvariantCulture, $"1380{i:D7}"),
                    ["email"] = string.Create(CultureInfo.InvariantCulture, $"buyer{i}@bench.example"),
                }, null);
            }
        }, null, cancellationToken).ConfigureAwait(false);
        var before = bench.Requests();
        var watch = Stopwatch.StartNew();
        await bench.RunAsync("crm-customers", cancellationToken).ConfigureAwait(false);
        watch.Stop();
        return (watch.Elapsed, bench.Requests().ToDictionary(c => c.Key, c => c.Value - before[c.Key]));
    }
}
