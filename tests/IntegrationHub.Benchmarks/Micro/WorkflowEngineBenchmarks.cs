using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using IntegrationHub.Workflows;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Benchmarks.Micro;

/// <summary>
/// Engine overhead for the brief's yardstick: one instance of a 10-activity workflow, in memory, from start to finish
/// (variables initialised, every activity executed and journaled, result built). Variants: path expressions only,
/// C# expressions, journal off; plus the cost of one compiled C# expression and of loading (parse, validate, compile)
/// a definition with 10 C# expressions.
/// </summary>
[MemoryDiagnoser]
public class WorkflowEngineBenchmarks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly BookmarkStimulus Stimulus = new(BookmarkStimulus.EventKind, JsonNode.Parse("""{"ok":true}"""));
    private static readonly JsonNode Input = JsonNode.Parse("""{"orderNumber":"SO-1","amount":1250.50,"customer":{"tier":"gold"}}""")!;
    private WorkflowEngine _engine = null!;
    private WorkflowEngine _engineNoJournal = null!;
    private ExecutableWorkflow _paths = null!;
    private ExecutableWorkflow _csharp = null!;
    private ExecutableWorkflow _csharpNoJournal = null!;
    private WorkflowEngine _engineFullJournal = null!;
    private ExecutableWorkflow _pathsFullJournal = null!;
    private ExecutableWorkflow _waiting = null!;
    private string _csharpYaml = null!;
    private int _loads;

    [GlobalSetup]
    public void Setup()
    {
        _engine = Create(JournalDetail.Activities);
        _engineNoJournal = Create(JournalDetail.None);
        _paths = Load(_engine, Sequence("paths", i => $"\"${{ input.customer.tier }}\""));
        _csharpYaml = Sequence("csharp", i => $"\"${{ n + {i} }}\"");
        _csharp = Load(_engine, _csharpYaml);
        _csharpNoJournal = Load(_engineNoJournal, _csharpYaml);
        _engineFullJournal = Create(JournalDetail.Full);
        _pathsFullJournal = Load(_engineFullJournal, Sequence("paths", i => $"\"${{ input.customer.tier }}\""));
        _waiting = Load(_engine, """
            definitionId: waiting
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: n, type: int, value: 0 }
            root:
              type: Sequence
              activities:
                - { id: a, type: SetVariable, variable: n, value: 1 }
                - { id: wait, type: WaitForEvent, event: go, correlationKey: "${ input.orderNumber }" }
                - { id: b, type: SetVariable, variable: n, value: 2 }
            """);
    }

    [Benchmark(Baseline = true, Description = "10 activities, path expressions, journal on")]
    public ValueTask<WorkflowRunResult> TenActivitiesPaths() => _engine.RunAsync(_paths, Input);

    [Benchmark(Description = "10 activities, C# expressions, journal on")]
    public ValueTask<WorkflowRunResult> TenActivitiesCSharp() => _engine.RunAsync(_csharp, Input);

    [Benchmark(Description = "10 activities, C# expressions, journal off")]
    public ValueTask<WorkflowRunResult> TenActivitiesCSharpNoJournal() => _engineNoJournal.RunAsync(_csharpNoJournal, Input);

    [Benchmark(Description = "10 activities, path expressions, journal Full (inputs, masked)")]
    public ValueTask<WorkflowRunResult> TenActivitiesPathsFullJournal() => _engineFullJournal.RunAsync(_pathsFullJournal, Input);

    /// <summary>Run to a WaitForEvent, position and variables through JSON (as persisted), resume to the end; no store.</summary>
    [Benchmark(Description = "suspend + JSON round trip + resume, 3 activities, in memory")]
    public async Task<WorkflowRunResult> SuspendAndResume()
    {
        var suspended = await _engine.RunAsync(_waiting, Input);
        var position = JsonSerializer.Deserialize<WorkflowPosition>(JsonSerializer.Serialize(suspended.Position, Json), Json)!;
        var variables = JsonNode.Parse(JsonSerializer.Serialize(suspended.Variables, Json))!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        return await _engine.ResumeAsync(_waiting, Input, variables, position, Stimulus);
    }

    [Benchmark(Description = "load + validate + compile, 10 C# expressions (new definition version)")]
    public object LoadDefinition() => Load(_engine, _csharpYaml.Replace("version: 1", $"version: {++_loads}", StringComparison.Ordinal));

    private static WorkflowEngine Create(JournalDetail journal)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Workflows:Journal"] = journal.ToString() }).Build());
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddWorkflowEngine();
        return services.BuildServiceProvider().GetRequiredService<WorkflowEngine>();
    }

    private static ExecutableWorkflow Load(WorkflowEngine engine, string yaml)
    {
        var result = engine.Load("bench.yaml", yaml);
        return result.Workflow ?? throw new InvalidOperationException(string.Join(Environment.NewLine, result.Errors));
    }

    // Ten SetVariable activities in a Sequence; value(i) gives each one's value expression.
    private static string Sequence(string id, Func<int, string> value)
    {
        var yaml = new StringBuilder($$"""
            definitionId: {{id}}
            version: 1
            trigger: { type: Manual }
            variables:
              - { name: n, type: int, value: 0 }
              - { name: tier, type: string }
            root:
              type: Sequence
              activities:

            """);
        for (var i = 0; i < 10; i++)
        {
            var variable = value(i).Contains("tier", StringComparison.Ordinal) ? "tier" : "n";
            yaml.AppendLine($"    - {{ id: a{i}, type: SetVariable, variable: {variable}, value: {value(i)} }}");
        }

        return yaml.ToString();
    }
}
