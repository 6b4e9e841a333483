using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Activities;
using IntegrationHub.Workflows.Expressions;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Loading;

/// <summary>The checks of one input: its literal type, the names it refers to (topics, clients, connectors, workflows), its expressions.</summary>
internal sealed partial class WorkflowCompiler
{
    private sealed partial class Run
    {
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
                case JavaScriptSource script:
                    PrepareJavaScript(script);
                    break;
                case LiquidSource liquid:
                    var (parsed, liquidError) = LiquidExpression.Prepare(liquid.Template, [.. _variables.Values.Select(v => (v.Name, v.Slot))]);
                    if (parsed is null)
                    {
                        Error(liquid.Location, liquidError!);
                    }
                    else
                    {
                        _liquid[liquid] = parsed;
                    }

                    break;
                case CSharpScriptSource script:
                    var scriptKey = _csharp.Count;
                    _csharp.Add(new CSharpExpressionCompiler.Expression(scriptKey, script.Code) { ElsaScript = true });
                    _csharpAt[scriptKey] = script.Location;
                    _csharpKeys[script] = scriptKey;
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

        /// <summary>A JavaScript expression is parsed now (a syntax error is a load error) and run by Jint when read.</summary>
        private void PrepareJavaScript(JavaScriptSource script)
        {
            _javascriptBindings ??= new JavaScriptBindings(definition.DefinitionId, definition.Version,
                _variables.Values.Select(v => new JavaScriptBindings.Variable(v.Name, v.Type, v.Slot)).ToList(), definition.Inputs);
            var (expression, error) = JavaScriptExpression.Prepare(script.Code, _javascriptBindings);
            if (expression is null)
            {
                Error(script.Location, error!);
                return;
            }

            _javascript[script] = expression;
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
    }
}
