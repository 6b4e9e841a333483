using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Expressions;
using IntegrationHub.Workflows.Model;
using IntegrationHub.Workflows.Execution;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Loading;

/// <summary>
/// Checks a parsed definition against the activities and triggers the engine knows and compiles it into an
/// <see cref="ExecutableWorkflow"/>: every problem is reported at once with its file position; C# expressions of
/// the whole definition are compiled in one go. The checks are in <c>WorkflowCompiler.Checks.cs</c>, the building of
/// the executable tree in <c>WorkflowCompiler.Build.cs</c>; this file holds one compilation's state and its order.
/// </summary>
internal sealed partial class WorkflowCompiler(ActivityRegistry activities, IReadOnlyDictionary<string, string[]> triggers, TimeProvider? time = null, ILogger? logger = null, IReadOnlyDictionary<string, Func<TriggerDefinition, IEnumerable<string>>>? triggerChecks = null)
{
    /// <summary>What the host knows by name; literal names of inputs with a <see cref="ActivityInputAttribute.NameKind"/> are checked against it.</summary>
    public IKnownNames? KnownNames { get; init; }

    /// <summary>Trigger settings checked like named inputs: (trigger type, setting, name kind).</summary>
    public IReadOnlyList<(string Trigger, string Setting, string Kind)> TriggerNames { get; init; } = [];

    private TimeProvider Time => time ?? TimeProvider.System;

    private ILogger Logger => logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    private ActivityRegistry Activities => activities;

    private IReadOnlyDictionary<string, string[]> Triggers => triggers;

    private IEnumerable<string> TriggerTypes => triggers.Keys.Order(StringComparer.Ordinal);

    private IReadOnlyDictionary<string, Func<TriggerDefinition, IEnumerable<string>>>? TriggerChecks => triggerChecks;

    public (ExecutableWorkflow? Workflow, IReadOnlyList<WorkflowDiagnostic> Errors) Compile(WorkflowDefinition definition)
    {
        var run = new Run(this, definition);
        return run.Compile();
    }

    private sealed partial class Run(WorkflowCompiler owner, WorkflowDefinition definition)
    {
        private readonly List<WorkflowDiagnostic> _errors = [];
        private readonly Dictionary<string, VariableSlot> _variables = new(StringComparer.Ordinal);
        private readonly List<CSharpExpressionCompiler.Expression> _csharp = [];
        private readonly Dictionary<int, SourceLocation> _csharpAt = [];
        private readonly Dictionary<InputSource, int> _csharpKeys = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<JavaScriptSource, JavaScriptExpression> _javascript = new(ReferenceEqualityComparer.Instance);
        private JavaScriptBindings? _javascriptBindings;
        private readonly Dictionary<LiquidSource, LiquidExpression> _liquid = new(ReferenceEqualityComparer.Instance);

        public (ExecutableWorkflow?, IReadOnlyList<WorkflowDiagnostic>) Compile()
        {
            CheckTriggers();
            DeclareVariables();
            if (definition.Root.Type is not ("Flowchart" or "Sequence"))
            {
                Error(definition.Root.Location, $"the root activity must be a Flowchart or a Sequence, not '{definition.Root.Type}'");
            }

            CheckNode(definition.Root);
            var delegates = CompileCSharp();
            if (_errors.Count > 0)
            {
                return (null, _errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList());
            }

            var root = Build(definition.Root, delegates);
            return (new ExecutableWorkflow(definition, root, _variables.Values.OrderBy(v => v.Slot).ToList()), []);
        }

        private void Error(SourceLocation at, string message) => _errors.Add(new WorkflowDiagnostic(at, message));
    }
}
