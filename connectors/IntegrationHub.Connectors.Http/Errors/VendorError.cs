using System.Text.Json;

namespace IntegrationHub.Connectors.Http.Errors;

/// <summary>What a vendor said in an error body: a code or type, a message, and field-level details.</summary>
internal sealed record VendorError(string? Code, string? Message, IReadOnlyList<string> Details)
{
    private const int MaxText = 300;

    public static readonly VendorError None = new(null, null, []);

    /// <summary>
    /// Reads the error shapes of the reference vendors: problem+json (<c>title</c>, <c>detail</c>, <c>errors[].field/message</c>,
    /// Mailchimp), Xero (<c>Type</c>, <c>Message</c>, <c>Elements[].ValidationErrors[].Message</c>), Salesforce
    /// (<c>[{errorCode, message, fields}]</c>), OAuth2 (<c>error</c>, <c>error_description</c>) and a bare <c>message</c>.
    /// Anything else (HTML, text) gives <see cref="None"/>: an unknown body is not echoed, it might carry anything.
    /// </summary>
    public static VendorError Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                var first = root.EnumerateArray().FirstOrDefault();
                return first.ValueKind == JsonValueKind.Object
                    ? new VendorError(Text(first, "errorCode"), Text(first, "message"), root.EnumerateArray().Select(e => Text(e, "message")).OfType<string>().ToArray())
                    : None;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return None;
            }

            var code = Text(root, "Type") ?? Text(root, "errorCode") ?? Text(root, "error") ?? Text(root, "title") ?? Text(root, "type");
            var message = Text(root, "detail") ?? Text(root, "Message") ?? Text(root, "message") ?? Text(root, "error_description") ?? Text(root, "title");
            return new VendorError(code, message, ReadDetails(root).Take(20).ToArray());
        }
        catch (JsonException)
        {
            return None;
        }
    }

    private static IEnumerable<string> ReadDetails(JsonElement root)
    {
        if (Property(root, "errors") is { ValueKind: JsonValueKind.Array } errors)
        {
            foreach (var error in errors.EnumerateArray())
            {
                var field = Text(error, "field");
                var message = Text(error, "message");
                if (message is not null)
                {
                    yield return field is null ? message : $"{field}: {message}";
                }
            }
        }

        if (Property(root, "Elements") is { ValueKind: JsonValueKind.Array } elements)
        {
            foreach (var element in elements.EnumerateArray())
            {
                if (Property(element, "ValidationErrors") is { ValueKind: JsonValueKind.Array } validation)
                {
                    foreach (var error in validation.EnumerateArray())
                    {
                        if (Text(error, "Message") is { } message)
                        {
                            yield return message;
                        }
                    }
                }
            }
        }
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? Text(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.String } value => Truncate(value.GetString()),
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        _ => null,
    };

    private static string? Truncate(string? text) => text is { Length: > MaxText } ? text[..MaxText] + "..." : text;
}
