using System.Collections.Frozen;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Expressions;
using IntegrationHub.Workflows.Model;
using IntegrationHub.Workflows.Execution;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Workflows.Loading;

/// <summary>
/// Checks a parsed definition against the activities and triggers the engine knows and compiles it into an
/// <see cref="ExecutableWorkflow"/>: every problem is reported at once with its file position; C# expressions of
/// the whole definition are compiled in one go.
/// </summary>
public sealed class WorkflowCompiler(ActivityRegistry activities, IReadOnlyDictionary<string, string[]> triggers, TimeProvider? time = null, ILogger? logger = null, IReadOnlyDictionary<string, Func<TriggerDefinition, IEnumerable<string>>>? triggerChecks = null)
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

    private sealed class Run(WorkflowCompiler owner, WorkflowDefinition definition)
    {
        private readonly List<WorkflowDiagnostic> _errors = [];
        private readonly Dictionary<string, VariableSlot> _variables = new(StringComparer.Ordinal);
        private readonly List<CSharpExpressionCompiler.Expression> _csharp = [];
        private readonly Dictionary<int, SourceLocation> _csharpAt = [];
        private readonly Dictionary<ExpressionSource, int> _csharpKeys = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

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

        private void CheckTriggers()
        {
            if (definition.Triggers.Count == 0)
            {
                Error(definition.Location with { Path = "triggers" }, $"a workflow needs a trigger (one of: {string.Join(", ", owner.TriggerTypes)})");
            }

            foreach (var trigger in definition.Triggers)
            {
                if (!owner.Triggers.TryGetValue(trigger.Type, out var required))
                {
                    Error(trigger.Location, $"unknown trigger type '{trigger.Type}' (known: {string.Join(", ", owner.TriggerTypes)})");
                    continue;
                }

                foreach (var setting in required)
                {
                    if (!trigger.Settings.TryGetValue(setting, out var value) || value is not LiteralSource { Value: JsonValue v } || v.GetValueKind() != System.Text.Json.JsonValueKind.String)
                    {
                        Error(trigger.Location, $"a {trigger.Type} trigger needs '{setting}' as plain text");
                    }
                }

                foreach (var (_, setting, kind) in owner.TriggerNames.Where(n => n.Trigger == trigger.Type))
                {
                    if (trigger.Settings.TryGetValue(setting, out var value))
                    {
                        CheckName(kind, value);
                    }
                }

                if (owner.TriggerChecks?.GetValueOrDefault(trigger.Type) is { } check)
                {
                    foreach (var problem in check(trigger))
                    {
                        Error(trigger.Location, problem);
                    }
                }
            }
        }

        private void DeclareVariables()
        {
            foreach (var variable in definition.Variables)
            {
                if (!SyntaxFacts.IsValidIdentifier(variable.Name) || SyntaxFacts.GetKeywordKind(variable.Name) != SyntaxKind.None || variable.Name is "input")
                {
                    Error(variable.Location, $"'{variable.Name}' is not a usable variable name (a C# identifier, not a keyword, not 'input')");
                    continue;
                }

                if (!ValueConverter.VariableTypes.TryGetValue(variable.TypeName, out var type))
                {
                    Error(variable.Location, $"unknown variable type '{variable.TypeName}' (known: {string.Join(", ", ValueConverter.VariableTypes.Keys)})");
                    continue;
                }

                object? initial = null;
                if (variable.Value is LiteralSource literal)
                {
                    initial = ConvertLiteral(literal, type);
                }
                else if (variable.Value is not null)
                {
                    Error(variable.Value.Location, "a variable's initial value must be a literal");
                }

                if (!_variables.TryAdd(variable.Name, new VariableSlot(variable.Name, type, _variables.Count, initial)))
                {
                    Error(variable.Location, $"variable '{variable.Name}' is declared twice");
                }
            }
        }

        private void CheckNode(ActivityNode node)
        {
            if (!_ids.Add(node.Id))
            {
                Error(node.Location with { Path = node.Location.Path + ".id" }, $"duplicate activity id '{node.Id}'");
            }

            if (!owner.Activities.TryGet(node.Type, out var descriptor, out _))
            {
                Error(node.Location with { Path = node.Location.Path + ".type" }, $"unknown activity type '{node.Type}' (known: {string.Join(", ", owner.Activities.Descriptors.Select(d => d.Type))})");
                foreach (var child in node.Activities)
                {
                    CheckNode(child);
                }

                return;
            }

            foreach (var (name, source) in node.Inputs)
            {
                var input = descriptor.Input(name);
                if (input is null)
                {
                    var known = descriptor.Inputs.Count == 0 ? "it has none" : "known: " + string.Join(", ", descriptor.Inputs.Select(i => i.Name));
                    Error(source.Location, $"'{node.Type}' has no input '{name}' ({known})");
                    continue;
                }

                CheckInput(input, source);
            }

            foreach (var missing in descriptor.Inputs.Where(i => i.Required && !node.Inputs.ContainsKey(i.Name)))
            {
                Error(node.Location, $"'{node.Type}' needs input '{missing.Name}': {missing.Description}");
            }

            if (!descriptor.Composite && node.Activities.Count > 0)
            {
                Error(node.Location with { Path = node.Location.Path + ".activities" }, $"'{node.Type}' does not hold child activities");
            }

            if (node.Type != "Flowchart" && node.Connections.Count > 0)
            {
                Error(node.Location with { Path = node.Location.Path + ".connections" }, "only a Flowchart has connections");
            }

            foreach (var child in node.Activities)
            {
                CheckNode(child);
            }

            if (node.Type == "Flowchart")
            {
                CheckConnections(node);
            }
        }

        private void CheckInput(ActivityInputAttribute input, InputSource source)
        {
            if (input.NameKind is { } kind)
            {
                CheckName(kind, source);
            }

            if (input.VariableName)
            {
                if (source is not LiteralSource { Value: JsonValue v } || v.GetValueKind() != System.Text.Json.JsonValueKind.String)
                {
                    Error(source.Location, $"'{input.Name}' must name a declared variable (plain text, not an expression)");
                }
                else if (!_variables.ContainsKey(v.GetValue<string>()))
                {
                    Error(source.Location, $"variable '{v.GetValue<string>()}' is not declared (declared: {(_variables.Count == 0 ? "none" : string.Join(", ", _variables.Keys))})");
                }

                return;
            }

            switch (source)
            {
                case LiteralSource { Value: JsonValue text } when input.Allowed is { } allowed:
                    if (!allowed.Contains(text.ToString(), StringComparer.OrdinalIgnoreCase))
                    {
                        Error(source.Location, $"'{text}' is not one of: {string.Join(", ", allowed)}");
                    }

                    break;
                case LiteralSource literal:
                    ConvertLiteral(literal, input.Type);
                    break;
                case ExpressionSource expression:
                    CheckExpressions(expression);
                    break;
                case TemplateSource template:
                    if (input.Type != typeof(string) && input.Type != typeof(object))
                    {
                        Error(source.Location, $"text with embedded expressions is a string, but '{input.Name}' is a {ValueConverter.TypeName(input.Type)}: make the whole value one ${{ ... }}");
                    }

                    CheckExpressions(template);
                    break;
                case StructureSource structure:
                    if (input.Type != typeof(JsonNode) && input.Type != typeof(object))
                    {
                        Error(source.Location, $"a list or object with expressions builds JSON, but '{input.Name}' is a {ValueConverter.TypeName(input.Type)}: make the whole value one ${{ ... }}");
                    }

                    CheckExpressions(structure);
                    break;
            }
        }

        /// <summary>Every expression in a value, at any depth (inside templates, lists and objects), is checked and queued for compilation.</summary>
        private void CheckExpressions(InputSource source)
        {
            IEnumerable<InputSource> inside = source switch
            {
                TemplateSource template => template.Parts,
                StructureSource structure => structure.Children,
                _ => [],
            };
            if (source is ExpressionSource expression)
            {
                CheckExpression(expression);
            }

            foreach (var child in inside)
            {
                CheckExpressions(child);
            }
        }

        /// <summary>A literal name must be one the host knows; an expression is checked when it runs. A workflow id not (yet) loaded is a warning: files load in any order.</summary>
        private void CheckName(string kind, InputSource source)
        {
            if (source is not LiteralSource { Value: JsonValue v } || v.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                return;
            }

            var name = v.GetValue<string>();
            if (kind == NameKinds.Workflow && name == definition.DefinitionId)
            {
                Error(source.Location, $"workflow '{name}' runs itself (recursion)");
                return;
            }

            if (owner.KnownNames?.Names(kind) is not { } known || known.Contains(name))
            {
                return;
            }

            if (kind == NameKinds.Workflow)
            {
                CompilerLog.UnknownWorkflow(owner.Logger, source.Location.ToString(), name);
                return;
            }

            var list = known.Count == 0 ? "none is configured" : "known: " + string.Join(", ", known.Order(StringComparer.Ordinal));
            Error(source.Location, $"unknown {kind} '{name}' ({list})");
        }

        private void CheckExpression(ExpressionSource expression)
        {
            if (expression.Location.Path.EndsWith("(unterminated ${)", StringComparison.Ordinal))
            {
                Error(expression.Location with { Path = expression.Location.Path.Replace(" (unterminated ${)", "", StringComparison.Ordinal) }, "'${' has no closing '}'");
                return;
            }

            if (string.IsNullOrWhiteSpace(expression.Code))
            {
                Error(expression.Location, "empty expression ${ }");
                return;
            }

            if (PathExpression.TryParse(expression.Code) is { } path && (path.Root == "input" || _variables.ContainsKey(path.Root)))
            {
                return;
            }

            var key = _csharp.Count;
            _csharp.Add(new CSharpExpressionCompiler.Expression(key, expression.Code));
            _csharpAt[key] = expression.Location;
            _csharpKeys[expression] = key;
        }

        private void CheckConnections(ActivityNode flowchart)
        {
            // Duplicate ids are reported elsewhere; the first one counts here.
            var children = flowchart.Activities.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var c in flowchart.Connections)
            {
                if (!children.TryGetValue(c.Source, out var source))
                {
                    Error(c.Location, $"connection from '{c.Source}', which is not an activity of this flowchart");
                }
                else if (owner.Activities.TryGet(source.Type, out var d, out _) && !Outcomes(d, source).Contains(c.Outcome))
                {
                    var outcomes = Outcomes(d, source);
                    Error(c.Location, $"'{c.Source}' ({source.Type}) has no outcome '{c.Outcome}' ({(outcomes.Count == 0 ? "it has none" : "its outcomes: " + string.Join(", ", outcomes))})");
                }

                if (!children.ContainsKey(c.Target))
                {
                    Error(c.Location, $"connection to '{c.Target}', which is not an activity of this flowchart");
                }
            }

            var start = Start(flowchart);
            if (start is null)
            {
                return;
            }

            var reached = new HashSet<string>(StringComparer.Ordinal) { start.Id };
            var queue = new Queue<string>([start.Id]);
            while (queue.TryDequeue(out var id))
            {
                foreach (var c in flowchart.Connections.Where(c => c.Source == id && reached.Add(c.Target)))
                {
                    queue.Enqueue(c.Target);
                }
            }

            foreach (var orphan in flowchart.Activities.Where(a => !reached.Contains(a.Id)))
            {
                Error(orphan.Location, $"activity '{orphan.Id}' is unreachable: no connection leads to it from the start activity '{start.Id}'");
            }
        }

        private static ActivityNode? Start(ActivityNode flowchart)
        {
            var targets = flowchart.Connections.Select(c => c.Target).ToHashSet(StringComparer.Ordinal);
            return flowchart.Activities.FirstOrDefault(a => a.Type == "Start") ?? flowchart.Activities.FirstOrDefault(a => !targets.Contains(a.Id));
        }

        private static IReadOnlyList<string> Outcomes(ActivityDescriptor descriptor, ActivityNode node)
        {
            if (descriptor.OutcomesFromInput is { } name && node.Inputs.TryGetValue(name, out var source) && source is LiteralSource { Value: JsonArray cases })
            {
                return [.. cases.Select(c => c?.ToString() ?? ""), .. descriptor.Outcomes];
            }

            return descriptor.Outcomes;
        }

        private IReadOnlyDictionary<int, Func<WorkflowScope, object?>> CompileCSharp()
        {
            if (_csharp.Count == 0 || _errors.Count > 0 && _errors.Any(e => e.Message.StartsWith("variable", StringComparison.Ordinal)))
            {
                return new Dictionary<int, Func<WorkflowScope, object?>>();
            }

            var variables = _variables.Values.Select(v => new CSharpExpressionCompiler.Variable(v.Name, v.Type, v.Slot)).ToList();
            var (delegates, errors) = CSharpExpressionCompiler.Compile($"{definition.DefinitionId}-v{definition.Version}", _csharp, variables);
            foreach (var error in errors)
            {
                var at = _csharpAt.TryGetValue(error.Key, out var location) ? location : definition.Location;
                Error(at, $"expression does not compile: {error.Message} (at column {error.Column} of the expression)");
            }

            return delegates;
        }

        private CompiledNode Build(ActivityNode node, IReadOnlyDictionary<int, Func<WorkflowScope, object?>> delegates)
        {
            owner.Activities.TryGet(node.Type, out var descriptor, out var activity);
            var inputs = new Dictionary<string, CompiledInput>(StringComparer.Ordinal);
            foreach (var (name, source) in node.Inputs)
            {
                var type = descriptor.Input(name)!.Type;
                inputs[name] = source switch
                {
                    LiteralSource literal => new CompiledInput(name, type, ConvertLiteral(literal, type), null),
                    ExpressionSource e => new CompiledInput(name, type, null, Evaluator(e, delegates)),
                    TemplateSource t => new CompiledInput(name, type, null, Template(t, delegates)),
                    StructureSource st => new CompiledInput(name, type, null, Structure(st, delegates)),
                    _ => throw new InvalidOperationException(),
                };
            }

            var compiled = new CompiledNode(node.Id, descriptor, activity, inputs.ToFrozenDictionary(StringComparer.Ordinal))
            {
                Retry = ActivityRetryPipelines.Build(node.Retry, node.Id, owner.Time, owner.Logger),
            };
            if (descriptor.Composite)
            {
                var children = node.Activities.Select(c => Build(c, delegates)).ToArray();
                var byId = children.ToDictionary(c => c.Id, StringComparer.Ordinal);
                foreach (var group in node.Connections.GroupBy(c => c.Source))
                {
                    byId[group.Key].Next = group.GroupBy(c => c.Outcome)
                        .ToFrozenDictionary(g => g.Key, g => g.Select(c => byId[c.Target]).ToArray(), StringComparer.Ordinal);
                }

                foreach (var child in children.Where(c => c.Descriptor.Join))
                {
                    var inbound = node.Connections.Count(c => c.Target == child.Id);
                    var waitAny = child.Inputs.TryGetValue("mode", out var mode) && mode.Constant is "WaitAny";
                    child.TokensToRun = waitAny ? 1 : Math.Max(1, inbound);
                }

                var flowchart = node.Type == "Flowchart";
                var start = flowchart && Start(node) is { } s ? byId[s.Id] : null;
                compiled.Body = new CompiledGraph(children, start, flowchart);
            }

            return compiled;
        }

        private Func<WorkflowScope, object?> Evaluator(ExpressionSource expression, IReadOnlyDictionary<int, Func<WorkflowScope, object?>> delegates)
        {
            if (_csharpKeys.TryGetValue(expression, out var key))
            {
                return delegates[key];
            }

            var (root, segments) = PathExpression.TryParse(expression.Code)!.Value;
            return PathExpression.Compile(root, segments, root == "input" ? null : _variables[root].Slot);
        }

        private Func<WorkflowScope, object?> Template(TemplateSource template, IReadOnlyDictionary<int, Func<WorkflowScope, object?>> delegates)
        {
            var parts = template.Parts.Select(p => p switch
            {
                LiteralSource l => (Func<WorkflowScope, object?>)(_ => l.Value?.GetValue<string>()),
                ExpressionSource e => Evaluator(e, delegates),
                _ => throw new InvalidOperationException(),
            }).ToArray();
            return scope =>
            {
                var sb = new StringBuilder();
                foreach (var part in parts)
                {
                    sb.Append(ValueConverter.Convert(part(scope), typeof(string)));
                }

                return sb.ToString();
            };
        }

        /// <summary>Builds a new JSON value per read: literals copied, expressions evaluated and converted to JSON.</summary>
        private Func<WorkflowScope, object?> Structure(StructureSource structure, IReadOnlyDictionary<int, Func<WorkflowScope, object?>> delegates)
        {
            Func<WorkflowScope, JsonNode?> Part(InputSource source)
            {
                switch (source)
                {
                    case LiteralSource l:
                        return _ => l.Value?.DeepClone();
                    case StructureSource st:
                        var nested = Structure(st, delegates);
                        return scope => (JsonNode?)nested(scope);
                    case TemplateSource t:
                        var text = Template(t, delegates);
                        return scope => JsonValue.Create((string?)text(scope));
                    case ExpressionSource e:
                        var evaluate = Evaluator(e, delegates);
                        return scope => evaluate(scope) switch
                        {
                            null => null,
                            JsonNode node => node.DeepClone(), // a node may belong to a variable or the input already
                            var value => (JsonNode?)ValueConverter.Convert(value, typeof(JsonNode)),
                        };
                    default:
                        throw new InvalidOperationException();
                }
            }

            if (structure.Properties is { } properties)
            {
                var parts = properties.Select(p => (p.Key, Value: Part(p.Value))).ToArray();
                return scope =>
                {
                    var obj = new JsonObject();
                    foreach (var (key, value) in parts)
                    {
                        obj[key] = value(scope);
                    }

                    return obj;
                };
            }

            var items = structure.Items!.Select(Part).ToArray();
            return scope =>
            {
                var array = new JsonArray();
                foreach (var item in items)
                {
                    array.Add(item(scope));
                }

                return array;
            };
        }

        private object? ConvertLiteral(LiteralSource literal, Type type)
        {
            try
            {
                return ValueConverter.Convert(literal.Value, type);
            }
            catch (FormatException ex)
            {
                Error(literal.Location, ex.Message);
                return null;
            }
        }

        private void Error(SourceLocation at, string message) => _errors.Add(new WorkflowDiagnostic(at, message));
    }
}
