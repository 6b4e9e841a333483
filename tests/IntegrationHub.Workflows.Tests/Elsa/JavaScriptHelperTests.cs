using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Execution;

namespace IntegrationHub.Workflows.Tests.Elsa;

/// <summary>
/// Each of Elsa's JavaScript helpers, in a small Elsa definition: SetVariable activities whose value is a JavaScript
/// expression, run in order, and the variables afterwards.
/// </summary>
public class JavaScriptHelperTests
{
    private static Task<WorkflowRunResult> RunAsync(JsonNode? input, params string[] scripts) => ElsaDefinitions.RunTextAsync("js-helpers.json",
        ElsaDefinitions.SetVariableChain("js-helpers", "JavaScript", "v-result", new JsonArray(
            new JsonObject { ["id"] = "v-result", ["name"] = "Result", ["typeName"] = "Object" },
            new JsonObject { ["id"] = "v-counter", ["name"] = "counter", ["typeName"] = "Int32", ["value"] = "41" },
            new JsonObject { ["id"] = "v-order", ["name"] = "Order", ["typeName"] = "JsonObject", ["value"] = "{\"total\":10}" }),
            new JsonArray(new JsonObject { ["name"] = "Customer", ["type"] = "String" }), scripts), input);

    private static async Task<object?> ResultOf(string script, JsonNode? input = null) => (await RunAsync(input, script)).Variables["Result"];

    [Fact]
    public async Task TheCompletionValue_IsTheResult() => Assert.Equal(42L, await ResultOf("getCounter() + 1"));

    [Fact]
    public async Task ATopLevelReturn_IsAllowed() => Assert.Equal("yes", await ResultOf("if (getCounter() > 40) { return 'yes'; } return 'no';"));

    [Fact]
    public async Task GetName_ReadsAVariable_WithItsFirstLetterUpperCased() => Assert.Equal(41L, await ResultOf("getCounter()"));

    [Fact]
    public async Task SetName_WritesAVariable_ConvertedToItsType()
    {
        var result = await RunAsync(null, "setCounter('7'); 'done'");

        Assert.Equal(7, result.Variables["counter"]);
    }

    [Fact]
    public async Task GetVariable_And_SetVariable_WorkByName()
    {
        var result = await RunAsync(null, "setVariable('counter', getVariable('counter') * 2); getVariable('counter')");

        Assert.Equal(82, result.Variables["counter"]);
        Assert.Equal(82L, result.Variables["Result"]);
    }

    [Fact]
    public async Task SetVariable_OfAnUndeclaredName_FaultsTheInstance_NamingIt()
    {
        var result = await RunAsync(null, "setVariable('nope', 1)");

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("'nope' is not a declared variable", result.Incident!.Message);
    }

    [Fact]
    public async Task TheVariablesObject_ReadsAndWrites_IncludingChangesInPlace()
    {
        var result = await RunAsync(null, "variables.counter = variables.counter + 9; variables.Order.total = 25; variables.Order.total");

        Assert.Equal(50, result.Variables["counter"]);
        Assert.Equal(25, ((JsonNode)result.Variables["Order"]!)["total"]!.GetValue<int>());
        Assert.Equal(25L, result.Variables["Result"]);
    }

    [Fact]
    public async Task GetInput_And_GetDeclaredInputName_ReadTheInstanceInput()
    {
        var input = new JsonObject { ["Customer"] = "ACME", ["lines"] = new JsonArray(1, 2, 3) };

        Assert.Equal("ACME", await ResultOf("getCustomer()", input));
        Assert.Equal(3L, await ResultOf("getInput('lines').length", input));
        Assert.Null(await ResultOf("getInput('missing')", input));
    }

    [Fact]
    public async Task ObjectsAndArrays_ComeBackAsJson()
    {
        var value = Assert.IsAssignableFrom<JsonNode>(await ResultOf("({ name: 'x', lines: [1, 2] })"));

        Assert.Equal("{\"name\":\"x\",\"lines\":[1,2]}", value.ToJsonString());
    }

    [Fact]
    public async Task WorkflowIdentity_AndCommonFunctions()
    {
        Assert.Equal("js-helpers/1", await ResultOf("getWorkflowDefinitionId() + '/' + getWorkflowDefinitionVersion()"));
        Assert.Equal(true, await ResultOf("isNullOrWhiteSpace('  ') && isNullOrEmpty('') && !isNullOrEmpty('a')"));
        Assert.Equal("{\"a\":1}", await ResultOf("toJson({ a: 1 })"));
        Assert.Equal("aGk=", await ResultOf("stringToBase64('hi')"));
        Assert.Equal("hi", await ResultOf("stringFromBase64('aGk=')"));
        Assert.Equal(36L, await ResultOf("newGuid().length"));
        Assert.Equal(true, await ResultOf("newShortGuid() !== newShortGuid() && /^[A-Za-z0-9]{10,22}$/.test(newShortGuid())")); // base64 of 16 bytes without '/', '+', '=
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", await ResultOf("parseGuid('0F8FAD5B-D9CB-469F-A165-70867728950E')"));
    }

    [Fact]
    public async Task AScriptThatNeverEnds_IsStopped_AndFaultsTheInstance()
    {
        var result = await RunAsync(null, "while (true) {}");

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Matches("ran (more than .* statements|longer than)", result.Incident!.Message);
    }

    [Fact]
    public async Task AThrownError_FaultsTheInstance_WithTheScriptsMessage()
    {
        var result = await RunAsync(null, "throw new Error('no customer')");

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("no customer", result.Incident!.Message);
    }

    [Fact]
    public async Task NoDotNetTypeIsReachable()
    {
        var result = await RunAsync(null, "System.IO.File.ReadAllText('/etc/passwd')");

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
    }

    [Fact]
    public void ASyntaxError_IsALoadError_AtTheExpression()
    {
        var text = """
            {
              "definitionId": "broken-js",
              "version": 1,
              "variables": [ { "id": "r", "name": "Result", "typeName": "Object" } ],
              "root": { "id": "F", "type": "Elsa.Flowchart", "activities": [
                { "id": "S", "type": "Elsa.SetVariable", "variable": { "id": "r" },
                  "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "1 +* 2" } } } ] }
            }
            """;

        var loaded = ElsaDefinitions.Engine().Load("broken-js.json", text);

        var error = Assert.Single(loaded.Errors);
        Assert.Equal(7, error.Location.Line);
        Assert.Equal("root.activities[0].value.expression.value", error.Location.Path);
        Assert.StartsWith("JavaScript does not parse", error.Message);
    }
}
