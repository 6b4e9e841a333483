using System.Text;
using IntegrationHub.Workflows.Activities;

namespace IntegrationHub.Workflows.Runtime.Activities.Http;

/// <summary>
/// Builds SendHttpRequest's request from its inputs. The path is resolved against the base address and must stay
/// under it: absolute URLs, <c>//host</c>, backslashes, fragments and <c>..</c> that climb out are rejected with a
/// message naming the input (never a header value).
/// </summary>
internal static class HttpRequestBuilder
{
    public static HttpRequestMessage Build(ActivityContext context, Uri baseAddress)
    {
        var method = new HttpMethod((context.Input<string>("method") ?? "GET").ToUpperInvariant());
        var uri = Resolve(baseAddress, context.Input<string>("path") ?? "", context.Input<JsonNode>("query"));
        var request = new HttpRequestMessage(method, uri);
        if (context.Input<JsonNode>("headers") is { } headers)
        {
            if (headers is not JsonObject map)
            {
                throw new ArgumentException("headers must be an object of header names to strings.");
            }

            foreach (var (name, value) in map)
            {
                if (value is null || !request.Headers.TryAddWithoutValidation(name, value.ToString()) || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"headers.{name} is not a usable request header (null, a content header or Host).");
                }
            }
        }

        if (context.HasInput("body"))
        {
            var body = context.Input<JsonNode>("body");
            var contentType = context.Input<string>("contentType");
            request.Content = contentType is not null && body is JsonValue text && text.TryGetValue<string>(out var s)
                ? new StringContent(s, Encoding.UTF8, contentType)
                : new StringContent(body?.ToJsonString() ?? "null", Encoding.UTF8, contentType ?? "application/json");
        }

        return request;
    }

    public static Uri Resolve(Uri baseAddress, string path, JsonNode? query)
    {
        if (path.Contains('\\', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal)
            || Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme.Length > 1 && !path.StartsWith('/'))
        {
            throw new ArgumentException($"path '{path}' must be relative to the client's base address (no scheme, host, '\\' or '#').");
        }

        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        var resolved = new Uri(root, path.TrimStart('/'));
        if (resolved.Scheme != root.Scheme || resolved.Authority != root.Authority || !resolved.AbsolutePath.StartsWith(root.AbsolutePath, StringComparison.Ordinal))
        {
            throw new ArgumentException($"path '{path}' leaves the client's base address.");
        }

        if (query is null)
        {
            return resolved;
        }

        if (query is not JsonObject parameters)
        {
            throw new ArgumentException("query must be an object of parameter names to values.");
        }

        var sb = new StringBuilder(resolved.Query.Length > 0 ? resolved.Query : "?");
        foreach (var (name, value) in parameters)
        {
            IEnumerable<JsonNode?> items = value is JsonArray many ? many : new[] { value };
            foreach (var item in items)
            {
                if (sb.Length > 1)
                {
                    sb.Append('&');
                }

                sb.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(item is JsonValue v && v.TryGetValue<string>(out var s) ? s : item?.ToJsonString() ?? ""));
            }
        }

        return new UriBuilder(resolved) { Query = sb.ToString(1, sb.Length - 1) }.Uri;
    }
}
