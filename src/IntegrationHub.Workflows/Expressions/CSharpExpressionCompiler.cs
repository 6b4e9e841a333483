using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IntegrationHub.Workflows.Expressions;

/// <summary>
/// Compiles every C# expression of one definition version into one in-memory assembly (one compilation, not one per
/// expression), each expression a static method over a <see cref="WorkflowScope"/> with the declared variables as
/// typed locals. Executing an expression is then a delegate call. Each version's assembly lives in a collectible
/// load context so old versions can be unloaded.
/// </summary>
internal static class CSharpExpressionCompiler
{
    private const string ClassName = "WorkflowExpressions";
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>An expression to compile; <see cref="Key"/> is echoed in errors.</summary>
    public sealed record Expression(int Key, string Code)
    {
        /// <summary>An Elsa C# script (<see cref="Model.CSharpScriptSource"/>): statements or an expression over Elsa's globals instead of the variables as locals.</summary>
        public bool ElsaScript { get; init; }
    }

    /// <summary>A declared variable visible to expressions as a local of its type.</summary>
    public sealed record Variable(string Name, Type Type, int Slot);

    public sealed record Error(int Key, int Column, string Message);

    public static (IReadOnlyDictionary<int, Func<WorkflowScope, object?>> Delegates, IReadOnlyList<Error> Errors) Compile(
        string assemblyName, IReadOnlyList<Expression> expressions, IReadOnlyList<Variable> variables, IReadOnlyList<string>? inputs = null)
    {
        if (expressions.Count == 0)
        {
            return (new Dictionary<int, Func<WorkflowScope, object?>>(), []);
        }

        var source = Source(expressions, variables) + (expressions.Any(e => e.ElsaScript) ? ElsaGlobals.Source(variables, inputs ?? []) : "");
        var compilation = CSharpCompilation.Create(
            "wf_" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: assemblyName)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Disable));

        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d =>
            {
                var span = d.Location.GetMappedLineSpan();
                var key = span.Path.StartsWith('e') && int.TryParse(span.Path.AsSpan(1), out var k) ? k : -1;
                return new Error(key, span.StartLinePosition.Character + 1, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            }).GroupBy(e => e.Key).Select(g => g.First()).ToList();
            return (new Dictionary<int, Func<WorkflowScope, object?>>(), errors);
        }

        stream.Position = 0;
        var context = new AssemblyLoadContext(assemblyName, isCollectible: true);
        var type = context.LoadFromStream(stream).GetType(ClassName)!;
        var delegates = expressions.ToDictionary(
            e => e.Key,
            e => type.GetMethod("E" + e.Key, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<WorkflowScope, object?>>());
        return (delegates, []);
    }

    private static string Source(IReadOnlyList<Expression> expressions, IReadOnlyList<Variable> variables)
    {
        var scope = typeof(WorkflowScope).FullName;
        var sb = new StringBuilder();
        sb.AppendLine("using System; using System.Linq; using System.Collections.Generic; using System.Globalization; using System.Text.Json.Nodes;");
        sb.AppendLine($"public static class {ClassName} {{");
        foreach (var expression in expressions.Where(e => e.ElsaScript))
        {
            sb.AppendLine($"public static object E{expression.Key}({scope} __scope) {{");
            sb.AppendLine($"var Variables = new {ElsaGlobals.VariablesClass}(__scope); var Variable = Variables; var Input = new {ElsaGlobals.InputClass}(__scope.Input);");
            var statements = ElsaGlobals.IsStatements(expression.Code);
            sb.AppendLine(statements ? "" : "return (object)(");
            sb.AppendLine($"#line 1 \"e{expression.Key}\"");
            sb.AppendLine(expression.Code);
            sb.AppendLine("#line default");
            sb.AppendLine(statements ? "}" : ");}");
        }

        foreach (var expression in expressions.Where(e => !e.ElsaScript))
        {
            sb.AppendLine($"public static object E{expression.Key}({scope} __scope) {{");
            sb.AppendLine("var input = __scope.Input;");
            foreach (var variable in variables)
            {
                sb.AppendLine($"var {variable.Name} = __scope.Get<{TypeName(variable.Type)}>({variable.Slot});");
            }

            sb.AppendLine("return (object)(");
            sb.AppendLine($"#line 1 \"e{expression.Key}\"");
            sb.AppendLine(expression.Code);
            sb.AppendLine("#line default");
            sb.AppendLine(");}");
        }

        sb.AppendLine("}");
        return sb.ToString();
    }

    internal static string TypeName(Type type) => type == typeof(JsonNode) ? "System.Text.Json.Nodes.JsonNode" : "global::" + type.FullName;

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "System.Runtime", "System.Private.CoreLib", "netstandard", "System.Linq", "System.Collections", "System.Text.Json",
            "System.Runtime.Extensions", "System.Console", "System.Memory", "System.Globalization", "System.Text.RegularExpressions",
        };
        return [.. trusted.Where(p => wanted.Contains(Path.GetFileNameWithoutExtension(p))).Select(p => MetadataReference.CreateFromFile(p)),
            MetadataReference.CreateFromFile(typeof(WorkflowScope).Assembly.Location)];
    }
}
