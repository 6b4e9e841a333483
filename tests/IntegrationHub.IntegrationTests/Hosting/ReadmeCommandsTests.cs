using System.Diagnostics;
using System.Text.RegularExpressions;
using IntegrationHub.Connectors;
using IntegrationHub.Connectors.Hosting.Registry;
using IntegrationHub.IntegrationTests.Workflows;
using IntegrationHub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>
/// Every CLI command the README shows (<c>dotnet run --project src/IntegrationHub.Host -- ...</c>) run as typed from the
/// repository root, its documented placeholders filled in (<c>&lt;definitionId&gt;</c>, <c>in.json</c>,
/// <c>&lt;instanceId&gt;</c>, <c>--url</c> of a running hub), checking the exit code and output each documents.
/// </summary>
[Collection(RepositoryCommands.Name)]
public sealed partial class ReadmeCommandsTests
{
    [Fact]
    public async Task EveryCliCommandInTheReadme_WorksAsTypedFromTheRepositoryRoot()
    {
        var commands = ReadmeCliCommands();
        Assert.Equal(["validate", "run", "run", "export", "schema", "retry", "cancel", "connectors", "backfill", "customer", "dead-letters", "dead-letters", "dead-letters", "quarantine", "quarantine"], commands.Select(c => c.Verb).ToArray());
        await using var hub = await HubTestHost.StartAsync(workflows: new Dictionary<string, string>
        {
            ["napping.yaml"] = """
                definitionId: napping
                version: 1
                trigger: { type: Manual }
                root:
                  type: Sequence
                  activities:
                    - { id: nap, type: Delay, duration: "1.00:00:00" }
                """,
            ["broken.yaml"] = """
                definitionId: broken
                version: 1
                trigger: { type: Manual }
                root:
                  type: Sequence
                  activities:
                    - { id: boom, type: Fail, message: downstream refused }
                """,
            ["reader.yaml"] = HubTestHost.CrmReaderFlow("reader", "{ type: Manual }"),
        });
        var reader = hub.App.Services.GetRequiredService<ConnectorRegistry>().GetReader("fxiaoke", CanonicalEntity.Customer);
        await hub.App.Services.GetRequiredService<IConnectorCursorStore>().SaveAsync("reader/fxiaoke/customer/default", reader.CursorAt(DateTimeOffset.UtcNow)!);
        var suspended = await DurableWorkflowTests.StartAsync(hub, "napping", "{}");
        var faulted = await DurableWorkflowTests.StartAsync(hub, "broken", "{}");
        var customer = Guid.NewGuid();
        await hub.App.Services.GetRequiredService<ICustomerValueStore>().SaveAsync([(new StoredCustomerValue(customer, "potential", "new", "h",
            """{"hubId":"x","asOf":"2026-12-03","currency":"CNY","tier":"potential","stage":"new","rfm":{"scores":"R5 F2 M3","customerBase":40,"recency":{"score":5,"daysSinceLastOrder":3},"frequency":{"score":2,"ordersInWindow":1},"monetary":{"score":3,"netValueInWindow":1200.5}},"lifetimeValue":{"formula":"CLV = average order value 1200.50 CNY x 1 orders a year x 3 years x 0.3 gross margin = 1080.45 CNY"},"payments":{"dsoDays":null,"onTimeShare":null,"invoicesPaidInWindow":0}}""",
            new DateOnly(2026, 12, 3), DateTimeOffset.UtcNow), null)]);
        var deadLetters = hub.App.Services.GetRequiredService<IDeadLetterStore>();
        long DeadLetter(long offset) => deadLetters.RecordAsync(new DeadLetterFailure(hub.OrdersTopic, 0, offset, "hub.readme", hub.OrdersTopic + ".dlq", "readme",
            "k", [], System.Text.Encoding.UTF8.GetBytes("{}"), "readme test failure", "System.Exception", 1, null, null, DateTimeOffset.UtcNow)).GetAwaiter().GetResult();
        var toReplay = DeadLetter(1);
        var toDiscard = DeadLetter(2);
        var quarantine = hub.App.Services.GetRequiredService<IQuarantineStore>();
        await quarantine.QuarantineAsync("reader", new CanonicalRecord("fxiaoke", CanonicalEntity.Customer, "readme-acct", 1,
            System.Text.Json.JsonSerializer.SerializeToElement(new { name = "Readme Trading", tel = "12" })), new Dictionary<string, string> { ["phone"] = "readme: not a phone number" }, DateTimeOffset.UtcNow);
        var quarantined = (await quarantine.ListAsync(new QuarantineQuery("reader"))).Single().Id;
        var schema = Path.Combine(Repository.Root, "workflows", "workflow.schema.json");
        var schemaBefore = await File.ReadAllTextAsync(schema);

        foreach (var (verb, line) in commands)
        {
            var typed = line
                .Replace("<definitionId>", "order-value-tier", StringComparison.Ordinal)
                .Replace("--input in.json", "--input workflows/samples/order.input.json", StringComparison.Ordinal)
                .Replace("[path]", "workflows/", StringComparison.Ordinal)
                .Replace("<instanceId>", verb == "retry" ? faulted.ToString() : suspended.ToString(), StringComparison.Ordinal)
                .Replace("[--url http://127.0.0.1:5080]", $"--url {hub.Http.BaseAddress}", StringComparison.Ordinal)
                .Replace("<flow>", "reader", StringComparison.Ordinal)
                .Replace("<hubId>", customer.ToString(), StringComparison.Ordinal)
                .Replace("<id>", (verb == "quarantine" ? quarantined : line.Contains(" replay ", StringComparison.Ordinal) ? toReplay : toDiscard).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("[--from 2026-11-01T00:00:00Z]", "--from 2026-11-01T00:00:00Z", StringComparison.Ordinal);
            var (exit, stdout, stderr) = await RunAsync(typed);
            var what = $"{typed}\n{stdout}\n{stderr}";
            switch (verb)
            {
                case "validate":
                    Assert.True(exit == 0, what);
                    Assert.Contains("workflow files:", stdout);
                    Assert.Contains("0 with errors", stdout);
                    break;
                case "run":
                    Assert.True(exit == 0, what);
                    Assert.Contains("Finished", stdout);
                    break;
                case "export":
                    Assert.True(exit == 0, what);
                    Assert.Contains("\"$schema\": \"https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json\"", stdout);
                    Assert.Contains("\"definitionId\": \"order-value-tier\"", stdout);
                    break;
                case "schema":
                    Assert.True(exit == 0, what);
                    Assert.Equal(schemaBefore, await File.ReadAllTextAsync(schema)); // the committed schema is current
                    break;
                case "retry":
                    Assert.True(exit == 1, what); // the cause is not fixed: still faulted
                    Assert.Contains($"{faulted}: Faulted", stdout);
                    break;
                case "cancel":
                    Assert.True(exit == 0, what);
                    Assert.Contains($"{suspended}: Cancelled", stdout);
                    break;
                case "connectors":
                    Assert.True(exit == 0, what);
                    Assert.Contains("fxiaoke", stdout);
                    break;
                case "backfill":
                    Assert.True(exit == 0, what);
                    Assert.Contains("reader: finished", stdout);
                    break;
                case "dead-letters" when typed.Contains(" list ", StringComparison.Ordinal):
                    Assert.True(exit == 0, what);
                    Assert.Contains("readme test failure", stdout);
                    Assert.Contains("2 dead letters", stdout);
                    break;
                case "dead-letters" when typed.Contains(" replay ", StringComparison.Ordinal):
                    Assert.True(exit == 0, what);
                    Assert.Contains($"dead letter {toReplay}: replayed", stdout);
                    break;
                case "dead-letters":
                    Assert.True(exit == 0, what);
                    Assert.Contains($"dead letter {toDiscard}: discarded", stdout);
                    Assert.Equal("test order", (await deadLetters.GetAsync(toDiscard))!.DiscardReason);
                    break;
                case "quarantine" when typed.Contains(" list ", StringComparison.Ordinal):
                    Assert.True(exit == 0, what);
                    Assert.Contains("fxiaoke customer readme-acct", stdout);
                    Assert.Contains("phone: readme: not a phone number", stdout);
                    Assert.Contains("1 quarantined records", stdout);
                    break;
                case "quarantine":
                    Assert.True(exit == 0, what); // the reader flow releases nothing: replayed, still open
                    Assert.Contains($"quarantine entry {quarantined}: open", stdout);
                    Assert.Equal(1, (await quarantine.GetAsync(quarantined))!.Replays);
                    break;
                case "customer":
                    Assert.True(exit == 0, what);
                    Assert.Contains("potential   stage new", stdout);
                    Assert.Contains("R5 F2 M3: last order 3 days ago, 1 orders and 1,200.50 CNY net", stdout);
                    Assert.Contains("= 1080.45 CNY", stdout);
                    break;
            }
        }
    }

    private static List<(string Verb, string Line)> ReadmeCliCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        return [.. CliLine().Matches(readme).Select(m => (m.Groups["verb"].Value, m.Groups["command"].Value.Trim()))];
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string commandLine)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(commandLine);
        info.Environment["HUB_API_KEY"] = HubTestHost.ApiKey;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    // A README line such as: dotnet run --project src/IntegrationHub.Host -- validate [path]     # comment
    [GeneratedRegex(@"^(?<command>dotnet run --project src/IntegrationHub\.Host -- (?<verb>[a-z-]+).*?)(\s{2,}#.*)?$", RegexOptions.Multiline)]
    private static partial Regex CliLine();
}

/// <summary>Tests that build or run the repository's own commands (dotnet run, ./build.sh): one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RepositoryCommands
{
    public const string Name = "Repository commands";
}
