using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Tests.Elsa;

/// <summary>Elsa's C# expressions: statements or an expression over <c>Variables</c> / <c>Variable</c> and <c>Input</c>, compiled when the definition loads.</summary>
public class CSharpScriptTests
{
    private static string Definition(params string[] scripts) => ElsaDefinitions.SetVariableChain("csharp-scripts", "CSharp", "v-result", new JsonArray(
        new JsonObject { ["id"] = "v-result", ["name"] = "Result", ["typeName"] = "Object" },
        new JsonObject { ["id"] = "v-counter", ["name"] = "counter", ["typeName"] = "Int32", ["value"] = "41" },
        new JsonObject { ["id"] = "v-name", ["name"] = "Name", ["typeName"] = "String", ["value"] = "ACME" }),
        new JsonArray(new JsonObject { ["name"] = "Customer" }), scripts);

    private static WorkflowLoadResult Load(params string[] scripts) => ElsaDefinitions.Engine().Load("csharp-scripts.json", Definition(scripts));

    private static Task<WorkflowRunResult> RunAsync(JsonNode? input, params string[] scripts) => ElsaDefinitions.RunTextAsync("csharp-scripts.json", Definition(scripts), input);

    [Fact]
    public async Task AScriptWithReturn_AndAnExpression_BothGiveTheirValue()
    {
        var result = await RunAsync(null, "return $\"{Variables.Name}:{Variables.Counter}\";");
        var expression = await RunAsync(null, "Variable.Counter * 2");

        Assert.Equal("ACME:41", result.Variables["Result"]);
        Assert.Equal(82, expression.Variables["Result"]);
    }

    [Fact]
    public async Task VariablesAreWritable_TypedAsDeclared_AndByName()
    {
        var result = await RunAsync(null, "Variables.Counter = Variables.Counter + 1; Variables.Set(\"Name\", \"Contoso\"); return Variables.Get<int>(\"counter\") + 1;");

        Assert.Equal(42, result.Variables["counter"]);
        Assert.Equal("Contoso", result.Variables["Name"]);
        Assert.Equal(43, result.Variables["Result"]);
    }

    [Fact]
    public async Task Input_ReadsDeclaredInputs_AndAnyByName()
    {
        var result = await RunAsync(new JsonObject { ["Customer"] = "C-7", ["lines"] = new JsonArray(1, 2) }, "return (string)Input.Customer + \"/\" + Input.Get(\"lines\").AsArray().Count;");

        Assert.Equal("C-7/2", result.Variables["Result"]);
    }

    [Fact]
    public async Task SettingAnUndeclaredVariable_FaultsTheActivity_NamingIt()
    {
        var result = await RunAsync(null, "Variables.Set(\"nope\", 1); return 1;");

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("'nope' is not a declared variable", result.Incident!.Message);
    }

    [Fact]
    public void AnElsaGlobalTheHubDoesNotHave_IsALoadError_NamingIt_AtTheScript()
    {
        var loaded = Load("return WorkflowInstanceId;");

        var error = Assert.Single(loaded.Errors);
        Assert.Contains("'WorkflowInstanceId' does not exist", error.Message);
        Assert.Equal("root.activities[0].value.expression.value", error.Location.Path);
        Assert.True(error.Location.Line > 1);
    }
}
