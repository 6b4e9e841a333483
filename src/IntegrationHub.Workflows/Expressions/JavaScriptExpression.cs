using System.Globalization;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;

namespace IntegrationHub.Workflows.Expressions;

/// <summary>
/// A JavaScript expression (Elsa's <c>JavaScript</c> expression type) parsed once when its definition loads and run by
/// Jint on a fresh engine per evaluation, with Elsa's helper functions bound to the instance's scope:
/// <c>variables.X</c> (read and write), <c>getX()</c>/<c>setX(v)</c> per variable, <c>getVariable(name)</c>,
/// <c>setVariable(name, v)</c>, <c>getInput(name)</c> and <c>getX()</c> per declared workflow input, the workflow's
/// identity, and Elsa's common functions (<c>isNullOrEmpty</c>, <c>toJson</c>, <c>newGuid</c>, base64, ...).
/// A top-level <c>return</c> is allowed; otherwise the script's completion value is its result. Each run is bounded
/// (<see cref="JavaScriptLimits"/>): time, statements, memory and recursion. No .NET type is reachable from a script.
/// </summary>
internal sealed class JavaScriptExpression
{
    private readonly Prepared<Acornima.Ast.Script> _script;
    private readonly JavaScriptBindings _bindings;
    private readonly bool _usesVariablesObject;

    private JavaScriptExpression(Prepared<Acornima.Ast.Script> script, JavaScriptBindings bindings, bool usesVariablesObject)
    {
        _script = script;
        _bindings = bindings;
        _usesVariablesObject = usesVariablesObject;
    }

    /// <summary>Parses <paramref name="code"/>; a syntax error comes back as text with its line and column inside the script.</summary>
    public static (JavaScriptExpression? Expression, string? Error) Prepare(string code, JavaScriptBindings bindings)
    {
        try
        {
            var prepared = Engine.PrepareScript(code, options: new ScriptPreparationOptions { ParsingOptions = new() { AllowReturnOutsideFunction = true } });
            return (new JavaScriptExpression(prepared, bindings, code.Contains("variables", StringComparison.Ordinal)), null);
        }
        catch (ScriptPreparationException ex) when (ex.InnerException is Acornima.ParseErrorException parse)
        {
            return (null, $"JavaScript does not parse: {parse.Description} (line {parse.LineNumber}, column {parse.Column} of the script)");
        }
    }

    /// <summary>Runs the script against <paramref name="scope"/> and gives its result as a hub value (text, number, bool, JSON, date or null).</summary>
    public object? Evaluate(WorkflowScope scope)
    {
        var engine = new Engine(o => o
            .TimeoutInterval(JavaScriptLimits.Timeout)
            .MaxStatements(JavaScriptLimits.MaxStatements)
            .LimitMemory(JavaScriptLimits.MaxMemoryBytes)
            .LimitRecursion(JavaScriptLimits.MaxRecursion)
            .Culture(CultureInfo.InvariantCulture));
        var written = _bindings.Bind(engine, scope, _usesVariablesObject);
        JsValue result;
        try
        {
            result = engine.Evaluate(_script);
        }
        catch (Jint.Runtime.JavaScriptException ex)
        {
            throw new InvalidOperationException($"the JavaScript expression threw: {ex.Error} (line {ex.Location.Start.Line}, column {ex.Location.Start.Column})", ex);
        }
        catch (Jint.Runtime.StatementsCountOverflowException ex)
        {
            throw new InvalidOperationException($"the JavaScript expression ran more than {JavaScriptLimits.MaxStatements} statements", ex);
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"the JavaScript expression ran longer than {JavaScriptLimits.Timeout.TotalSeconds:0.#} s", ex);
        }
        catch (Jint.Runtime.MemoryLimitExceededException ex)
        {
            throw new InvalidOperationException($"the JavaScript expression used more than {JavaScriptLimits.MaxMemoryBytes / (1024 * 1024)} MB", ex);
        }
        catch (Jint.Runtime.RecursionDepthOverflowException ex)
        {
            throw new InvalidOperationException($"the JavaScript expression recursed deeper than {JavaScriptLimits.MaxRecursion}", ex);
        }

        written?.CopyBack(scope);
        return ToHub(engine, result);
    }

    /// <summary>A hub value as a JavaScript value: JSON is parsed into plain objects and arrays (a copy), dates become Date.</summary>
    internal static JsValue ToJs(Engine engine, object? value) => value switch
    {
        null => JsValue.Null,
        JsonNode node => new JsonParser(engine).Parse(node.ToJsonString()),
        string s => new JsString(s),
        bool b => b ? JsBoolean.True : JsBoolean.False,
        decimal d => new JsNumber((double)d),
        DateTimeOffset d => JsValue.FromObject(engine, d.UtcDateTime),
        Guid g => new JsString(g.ToString()),
        TimeSpan t => new JsString(t.ToString("c", CultureInfo.InvariantCulture)),
        _ when value.GetType().IsPrimitive => JsValue.FromObject(engine, value),
        _ => new JsString(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>A JavaScript value as a hub value: whole numbers become long, objects and arrays JSON.</summary>
    internal static object? ToHub(Engine engine, JsValue value)
    {
        if (value.IsNull() || value.IsUndefined())
        {
            return null;
        }

        if (value.IsString())
        {
            return value.AsString();
        }

        if (value.IsBoolean())
        {
            return value.AsBoolean();
        }

        if (value.IsNumber())
        {
            var n = value.AsNumber();
            return Math.Abs(n) < 9e15 && n == Math.Floor(n) ? (long)n : double.IsFinite(n) ? (decimal)n : null;
        }

        if (value.IsDate())
        {
            return new DateTimeOffset(value.AsDate().ToDateTime().ToUniversalTime(), TimeSpan.Zero);
        }

        var json = new JsonSerializer(engine).Serialize(value);
        return json.IsString() ? JsonNode.Parse(json.AsString()) : null;
    }
}

/// <summary>The bounds of one JavaScript evaluation.</summary>
internal static class JavaScriptLimits
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    public const int MaxStatements = 1_000_000;
    public const long MaxMemoryBytes = 32L * 1024 * 1024;
    public const int MaxRecursion = 256;
}
