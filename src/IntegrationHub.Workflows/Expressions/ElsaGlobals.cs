using System.Text;
using System.Text.RegularExpressions;
using IntegrationHub.Workflows.Elsa;

namespace IntegrationHub.Workflows.Expressions;

/// <summary>
/// The globals an Elsa C# script sees, generated into its definition's compilation: <c>Variables</c> (also
/// <c>Variable</c>) with one typed property per declared variable (first letter upper-cased, as Elsa names them) plus
/// <c>Get</c>/<c>Set</c> by name, and <c>Input</c> with one property per declared workflow input plus <c>Get</c>. Elsa's
/// other globals (<c>WorkflowInstanceId</c>, <c>CorrelationId</c>, <c>Output</c>, <c>Outcome</c>, <c>ExecutionContext</c>)
/// do not exist here: a script using one fails to compile, naming it, when the definition loads.
/// </summary>
internal static partial class ElsaGlobals
{
    public const string VariablesClass = "ElsaWorkflowVariables";
    public const string InputClass = "ElsaWorkflowInput";

    /// <summary>Statements (a script with <c>return</c> or <c>;</c> between statements) rather than one expression.</summary>
    public static bool IsStatements(string code) => ReturnKeyword().IsMatch(code);

    public static string Source(IReadOnlyList<CSharpExpressionCompiler.Variable> variables, IReadOnlyList<string> inputs)
    {
        var scope = typeof(WorkflowScope).FullName;
        var converter = typeof(ValueConverter).FullName;
        var sb = new StringBuilder();
        sb.AppendLine($"public sealed class {VariablesClass} {{");
        sb.AppendLine($"private readonly {scope} __scope; public {VariablesClass}({scope} scope) {{ __scope = scope; }}");
        sb.AppendLine("public object Get(string name) => name switch {");
        foreach (var v in variables)
        {
            sb.AppendLine($"\"{v.Name}\" => __scope.Read({v.Slot}),");
        }

        sb.AppendLine("_ => throw new System.InvalidOperationException(\"'\" + name + \"' is not a declared variable\") };");
        sb.AppendLine($"public T Get<T>(string name) => (T){converter}.Convert(Get(name), typeof(T));");
        sb.AppendLine("public void Set(string name, object value) { switch (name) {");
        foreach (var v in variables)
        {
            sb.AppendLine($"case \"{v.Name}\": __scope.Write({v.Slot}, {converter}.Convert(value, typeof({CSharpExpressionCompiler.TypeName(v.Type)}))); return;");
        }

        sb.AppendLine("default: throw new System.InvalidOperationException(\"'\" + name + \"' is not a declared variable\"); } }");
        foreach (var v in variables.Where(v => ElsaTypeNames.Pascal(v.Name) is not ("Get" or "Set")))
        {
            var type = CSharpExpressionCompiler.TypeName(v.Type);
            sb.AppendLine($"public {type} {ElsaTypeNames.Pascal(v.Name)} {{ get => __scope.Get<{type}>({v.Slot}); set => __scope.Write({v.Slot}, value); }}");
        }

        sb.AppendLine("}");
        sb.AppendLine($"public sealed class {InputClass} {{");
        sb.AppendLine($"private readonly JsonNode __input; public {InputClass}(JsonNode input) {{ __input = input; }}");
        sb.AppendLine("public JsonNode Get(string name) => __input is JsonObject o && o.TryGetPropertyValue(name, out var v) ? v : null;");
        foreach (var input in inputs.Where(i => SyntaxIdentifier().IsMatch(i) && ElsaTypeNames.Pascal(i) != "Get"))
        {
            sb.AppendLine($"public JsonNode {ElsaTypeNames.Pascal(input)} => Get(\"{input}\");");
        }

        sb.AppendLine("}");
        return sb.ToString();
    }

    [GeneratedRegex(@"\breturn\b")]
    private static partial Regex ReturnKeyword();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SyntaxIdentifier();
}
