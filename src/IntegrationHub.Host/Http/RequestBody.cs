using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace IntegrationHub.Host.Http;

/// <summary>
/// Reads a request body with an explicit limit: refused from <c>Content-Length</c> before a byte is read, and cut off
/// while streaming when a chunked body grows past the limit. JSON endpoints also check the content type (415).
/// </summary>
internal static class RequestBody
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>True when the request announces or streams a body.</summary>
    public static bool IsPresent(HttpRequest request) => request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    /// <summary>Null when the content type is JSON (<c>application/json</c> or <c>application/*+json</c>, UTF-8 if a charset is named), else the 415 answer.</summary>
    public static IResult? CheckJsonContentType(HttpRequest request)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (type.MediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
            "Send the body as application/json (UTF-8).");
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; the answer is 413 (naming <paramref name="setting"/>) when the body is larger.</summary>
    public static async Task<BodyRead> ReadAsync(HttpRequest request, int limit, string setting, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return new BodyRead(default, TooLarge(limit, setting));
        }

        var capacity = request.ContentLength is long length and > 0 ? (int)length : ChunkSize;
        var buffer = new byte[Math.Min(capacity, limit)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total >= limit)
                {
                    // One more byte than allowed tells a body of exactly the limit from a larger one.
                    var probe = new byte[1];
                    return await request.Body.ReadAsync(probe, cancellationToken) == 0
                        ? new BodyRead(buffer.AsMemory(0, total), null)
                        : new BodyRead(default, TooLarge(limit, setting));
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                return new BodyRead(buffer.AsMemory(0, total), null);
            }

            total += read;
        }
    }

    /// <summary>
    /// An optional JSON body as a node: none when the request has no body; otherwise the content type, the limit and the
    /// strict JSON policy are checked, and the answer is the refusal (415, 413, or 400 titled <paramref name="title"/>).
    /// </summary>
    public static async Task<(JsonNode? Node, IResult? Refusal)> ReadOptionalJsonAsync(HttpRequest request, int limit, string setting, string title, CancellationToken cancellationToken)
    {
        if (!IsPresent(request))
        {
            return (null, null);
        }

        if (CheckJsonContentType(request) is { } unsupported)
        {
            return (null, unsupported);
        }

        var read = await ReadAsync(request, limit, setting, cancellationToken);
        if (read.Refusal is not null)
        {
            return (null, read.Refusal);
        }

        var node = StrictJson.ParseNode(read.Bytes, out var problem);
        return problem is null ? (node, null) : (null, Problems.InvalidJson(problem, title));
    }

    private static IResult TooLarge(int limit, string setting) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body exceeds {setting} ({limit} bytes).");
}

/// <summary>A body read under a limit: the bytes, or the answer to give instead.</summary>
internal readonly record struct BodyRead(ReadOnlyMemory<byte> Bytes, IResult? Refusal);
