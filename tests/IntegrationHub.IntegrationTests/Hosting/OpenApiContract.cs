using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>
/// Checks real answers against the hub's own OpenAPI document: the status must be documented for the operation, and a
/// JSON body must validate against the documented schema of its media type (JSON Schema 2020-12, as OpenAPI 3.1 uses;
/// component references resolved). Object schemas with listed properties are closed for the check (no property the
/// document does not name), except the problem details, which carry extensions.
/// </summary>
public sealed class OpenApiContract(JsonObject document)
{
    private static readonly string[] OpenSchemas = ["ProblemDetails", "HttpValidationProblemDetails"];

    private JsonObject? _definitions;

    public JsonObject Document { get; } = document;

    public List<string> Checked { get; } = [];

    public JsonObject Operation(string method, string template) =>
        Document["paths"]?[template]?[method.ToLowerInvariant()] as JsonObject
            ?? throw new Xunit.Sdk.XunitException($"{method} {template} is not in the OpenAPI document");

    public async Task CheckAsync(string method, string template, HttpResponseMessage response)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var documented = Operation(method, template)["responses"]?[status] as JsonObject
            ?? throw new Xunit.Sdk.XunitException($"{method} {template} answered {status}, which the document does not list");
        Checked.Add($"{method} {template} {status}");
        var body = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (body.Length == 0 || mediaType is null || !mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return;
        }

        var schemaNode = documented["content"]?[mediaType]?["schema"]
            ?? throw new Xunit.Sdk.XunitException($"{method} {template} {status} answered {mediaType}, for which the document has no schema");
        var schema = JsonSchema.FromText(Bundle(schemaNode).ToJsonString());
        var result = schema.Evaluate(JsonDocument.Parse(body).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"));
            throw new Xunit.Sdk.XunitException($"{method} {template} {status} does not match its documented schema:\n  {string.Join("\n  ", errors.Take(10))}\nbody: {body[..Math.Min(body.Length, 600)]}");
        }
    }

    // The schema with every component as $defs, references rewritten to them, object schemas closed.
    private JsonObject Bundle(JsonNode schema)
    {
        var root = schema.DeepClone();
        Close(root);
        var text = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$defs"] = Definitions().DeepClone(), ["allOf"] = new JsonArray(root) }
            .ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        return JsonNode.Parse(text)!.AsObject();
    }

    // The components, closed once for every check.
    private JsonObject Definitions()
    {
        if (_definitions is null)
        {
            var defs = new JsonObject();
            foreach (var (name, component) in Document["components"]?["schemas"] as JsonObject ?? [])
            {
                var copy = component!.DeepClone();
                if (!OpenSchemas.Contains(name))
                {
                    Close(copy);
                }

                defs[name] = copy;
            }

            _definitions = defs;
        }

        return _definitions;
    }

    private static void Close(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["properties"] is JsonObject && !obj.ContainsKey("additionalProperties"))
                {
                    obj["additionalProperties"] = false;
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Close(child);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Close(item);
                }

                break;
        }
    }
}
