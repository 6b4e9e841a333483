using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using IntegrationHub.Workflows.Elsa;
using Jint.Native.Json;

namespace IntegrationHub.Workflows.Expressions;

/// <summary>
/// What a JavaScript expression of one definition sees, Elsa's way: its declared variables (by name, with the slot and
/// type each is stored as), its declared workflow inputs and its identity. <see cref="Bind"/> installs the helper
/// functions on an engine for one evaluation; writes through <c>setVariable</c>/<c>setX</c> land at once, converted to
/// the variable's type, and writes to <c>variables.X</c> (assigned or changed in place) are copied back after the run.
/// </summary>
internal sealed partial class JavaScriptBindings(
    string definitionId,
    int version,
    IReadOnlyList<JavaScriptBindings.Variable> variables,
    IReadOnlyList<string> inputs)
{
    public sealed record Variable(string Name, Type Type, int Slot);

    private readonly Dictionary<string, Variable> _byName = variables.ToDictionary(v => v.Name, StringComparer.Ordinal);

    /// <param name="withContainer">Whether the script mentions <c>variables</c>: only then is the object built (each variable copied in) and compared afterwards.</param>
    public Written? Bind(Engine engine, WorkflowScope scope, bool withContainer)
    {
        var container = withContainer ? new JsObjectBuilder(engine) : null;
        foreach (var variable in variables)
        {
            container?.Set(variable.Name, JavaScriptExpression.ToJs(engine, scope.Read(variable.Slot)));
            var pascal = ElsaTypeNames.Pascal(variable.Name);
            engine.SetValue("get" + pascal, new Func<JsValue>(() => JavaScriptExpression.ToJs(engine, scope.Read(variable.Slot))));
            engine.SetValue("set" + pascal, new Action<JsValue>(v => Write(engine, scope, variable, v)));
        }

        foreach (var input in inputs)
        {
            engine.SetValue("get" + ElsaTypeNames.Pascal(input), new Func<JsValue>(() => JavaScriptExpression.ToJs(engine, InputValue(scope, input))));
        }

        if (container is not null)
        {
            engine.SetValue("variables", container.Object);
        }

        engine.SetValue("getVariable", new Func<string, JsValue>(name =>
            _byName.TryGetValue(name, out var v) ? JavaScriptExpression.ToJs(engine, scope.Read(v.Slot)) : JsValue.Undefined));
        engine.SetValue("setVariable", new Action<string, JsValue>((name, value) =>
        {
            if (!_byName.TryGetValue(name, out var v))
            {
                throw new InvalidOperationException($"setVariable: '{name}' is not a declared variable (declared: {(variables.Count == 0 ? "none" : string.Join(", ", _byName.Keys))})");
            }

            Write(engine, scope, v, value);
            container?.Object.Set(name, value);
        }));
        engine.SetValue("getInput", new Func<string, JsValue>(name => JavaScriptExpression.ToJs(engine, InputValue(scope, name))));
        engine.SetValue("setOutcome", new Action<string>(outcome => JavaScriptOutcomes.Set([outcome])));
        engine.SetValue("setOutcomes", new Action<string[]>(outcomes => JavaScriptOutcomes.Set(outcomes)));
        engine.SetValue("getWorkflowDefinitionId", new Func<string>(() => definitionId));
        engine.SetValue("getWorkflowDefinitionVersion", new Func<int>(() => version));
        CommonFunctions(engine);
        return container is null ? null : new Written(engine, this, container.Object, container.Snapshot());
    }

    private void Write(Engine engine, WorkflowScope scope, Variable variable, JsValue value)
    {
        try
        {
            scope.Write(variable.Slot, ValueConverter.Convert(JavaScriptExpression.ToHub(engine, value), variable.Type));
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"variable '{variable.Name}': {ex.Message}", ex);
        }
    }

    /// <summary>A workflow input by name: a property of the instance's input object; the whole input for <c>getInput()</c> without a match.</summary>
    private static object? InputValue(WorkflowScope scope, string name) =>
        scope.Input is JsonObject o && o.TryGetPropertyValue(name, out var value) ? value : null;

    private static void CommonFunctions(Engine engine)
    {
        engine.SetValue("isNullOrWhiteSpace", new Func<string?, bool>(string.IsNullOrWhiteSpace));
        engine.SetValue("isNullOrEmpty", new Func<string?, bool>(string.IsNullOrEmpty));
        engine.SetValue("toJson", new Func<JsValue, string>(v => new JsonSerializer(engine).Serialize(v) is { } s && s.IsString() ? s.AsString() : "null"));
        engine.SetValue("parseGuid", new Func<string, string>(s => Guid.Parse(s).ToString()));
        engine.SetValue("newGuid", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("newGuidString", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("getGuidString", new Func<string>(() => Guid.NewGuid().ToString()));
        engine.SetValue("newShortGuid", new Func<string>(ShortGuid));
        engine.SetValue("getShortGuid", new Func<string>(ShortGuid));
        engine.SetValue("stringToBase64", new Func<string, string>(s => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(s))));
        engine.SetValue("stringFromBase64", new Func<string, string>(s => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(s))));
    }

    private static string ShortGuid() => ShortGuidPattern().Replace(Convert.ToBase64String(Guid.NewGuid().ToByteArray()), "");

    [GeneratedRegex("[/+=]")]
    private static partial Regex ShortGuidPattern();

    /// <summary>The <c>variables</c> object of one evaluation and how it looked before, to copy changes back.</summary>
    public sealed class Written(Engine engine, JavaScriptBindings owner, Jint.Native.Object.ObjectInstance container, IReadOnlyDictionary<string, (JsValue Value, string? Json)> before)
    {
        public void CopyBack(WorkflowScope scope)
        {
            foreach (var variable in owner._byName.Values)
            {
                var now = container.Get(variable.Name);
                var (was, json) = before[variable.Name];
                var changed = !ReferenceEquals(now, was) || (json is not null && JsonOf(engine, now) != json);
                if (changed)
                {
                    owner.Write(engine, scope, variable, now);
                }
            }
        }
    }

    private static string? JsonOf(Engine engine, JsValue value) =>
        value.IsObject() && new JsonSerializer(engine).Serialize(value) is { } s && s.IsString() ? s.AsString() : null;

    /// <summary>Builds the <c>variables</c> object and remembers each value (and, for objects, its JSON) as it was.</summary>
    private sealed class JsObjectBuilder(Engine engine)
    {
        private readonly Dictionary<string, JsValue> _values = new(StringComparer.Ordinal);

        public Jint.Native.Object.ObjectInstance Object { get; } = new JsObject(engine);

        public void Set(string name, JsValue value)
        {
            _values[name] = value;
            Object.Set(name, value);
        }

        public IReadOnlyDictionary<string, (JsValue, string?)> Snapshot() =>
            _values.ToDictionary(p => p.Key, p => (p.Value, JsonOf(engine, p.Value)), StringComparer.Ordinal);
    }
}
