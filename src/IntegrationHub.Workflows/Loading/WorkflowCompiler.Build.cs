using System.Collections.Frozen;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Expressions;
using IntegrationHub.Workflows.Model;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Loading;

/// <summary>Building a checked definition: one Roslyn compilation for its C# expressions, then the executable tree with an evaluator per input.</summary>
internal sealed partial class WorkflowCompiler
{
    private sealed partial class Run
    {
        private IReadOnlyDictionary<int, Func<WorkflowScope, object?>> CompileCSharp()
        {
            if (_csharp.Count == 0 || _errors.Count > 0 && _errors.Any(e => e.Message.StartsWith("variable", StringComparison.Ordinal)))
            {
                return new Dictionary<int, Func<WorkflowScope, object?>>();
            }

            var variables = _variables.Values.Select(v => new CSharpExpressionCompiler.Variable(v.Name, v.Type, v.Slot)).ToList();
            var (delegates, errors) = CSharpExpressionCompiler.Compile($"{definition.DefinitionId}-v{definition.Version}", _csharp, variables, definition.Inputs);
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
                    JavaScriptSource js => new CompiledInput(name, type, null, _javascript[js].Evaluate),
                    CSharpScriptSource cs => new CompiledInput(name, type, null, delegates[_csharpKeys[cs]]),
                    LiquidSource liquid => new CompiledInput(name, type, null, _liquid[liquid].Evaluate),
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
    }
}
