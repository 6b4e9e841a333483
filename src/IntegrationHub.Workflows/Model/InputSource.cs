using System.Text.Json.Nodes;

namespace IntegrationHub.Workflows.Model;

/// <summary>How an input's value is given in the file.</summary>
public abstract record InputSource(SourceLocation Location);

/// <summary>A literal: a scalar (kept as the file's text, converted to the input's type when loaded) or a JSON structure.</summary>
public sealed record LiteralSource(JsonNode? Value, SourceLocation Location) : InputSource(Location);

/// <summary>
/// An expression: the whole value is <c>${ ... }</c>. A dotted path over a variable or <c>input</c> is evaluated
/// directly; anything else is C#, compiled once per definition version.
/// </summary>
public sealed record ExpressionSource(string Code, SourceLocation Location) : InputSource(Location);

/// <summary>Text with embedded <c>${ ... }</c> parts, for example <c>"order ${ input.orderNumber } received"</c>.</summary>
public sealed record TemplateSource(IReadOnlyList<InputSource> Parts, SourceLocation Location) : InputSource(Location);

/// <summary>
/// A list (<see cref="Items"/>) or an object (<see cref="Properties"/>) with expressions among its values, at any depth,
/// for example <c>{ orderId: "${ input.orderNumber }", lines: [ ... ] }</c>: a new JSON value is built each time the
/// input is read. A list or object of literals only stays a <see cref="LiteralSource"/>.
/// </summary>
public sealed record StructureSource(IReadOnlyList<KeyValuePair<string, InputSource>>? Properties, IReadOnlyList<InputSource>? Items, SourceLocation Location) : InputSource(Location)
{
    /// <summary>The values inside, one level down.</summary>
    public IEnumerable<InputSource> Children => Properties?.Select(p => p.Value) ?? Items ?? [];
}

/// <summary>
/// A JavaScript expression (Elsa's <c>JavaScript</c> expression type), run by Jint with Elsa's helper functions
/// (<c>variables.X</c>, <c>getX()</c>/<c>setX()</c>, <c>getVariable</c>, <c>setVariable</c>, <c>getInput</c>, ...). A top-level
/// <c>return</c> is allowed; the script's completion value is the result.
/// </summary>
public sealed record JavaScriptSource(string Code, SourceLocation Location) : InputSource(Location);

/// <summary>
/// A C# script in Elsa's form (Elsa's <c>CSharp</c> expression type): statements ending in <c>return</c>, or one
/// expression, over Elsa's globals <c>Variables.X</c> / <c>Variable.X</c> (read and write, typed as declared),
/// <c>Variables.Get("x")</c> / <c>Set("x", v)</c> and <c>Input.X</c> / <c>Input.Get("x")</c>. Compiled with the
/// definition's other C# expressions when it loads.
/// </summary>
public sealed record CSharpScriptSource(string Code, SourceLocation Location) : InputSource(Location);

/// <summary>A Liquid template (Elsa's <c>Liquid</c> expression type), rendered to text with <c>Variables</c> and <c>Input</c>.</summary>
public sealed record LiquidSource(string Template, SourceLocation Location) : InputSource(Location);
