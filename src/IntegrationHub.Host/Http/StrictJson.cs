using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using System.Runtime.InteropServices;

namespace IntegrationHub.Host.Http;

/// <summary>
/// The one reading policy for every inbound JSON body. A body is refused, with the JSON path of the first problem, when:
/// it is not well-formed JSON; it is nested deeper than <see cref="MaxDepth"/>; an object repeats a property name; a
/// string or property name holds invalid UTF-8 or an unpaired UTF-16 surrogate escape; a string or property name holds a
/// control character other than tab, line feed and carriage return (U+0000-U+001F, U+007F-U+009F: refused, never
/// stripped, so what is stored is what was sent); a number is longer than <see cref="MaxNumberLength"/> characters or
/// outside the range of a double (decimal fields check their own range where they are read).
/// </summary>
internal static class StrictJson
{
    public const int MaxDepth = 32;
    public const int MaxNumberLength = 64;

    // Duplicates are found by the walk below (with the path); the parser's own check throws without one for names it cannot decode.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = true };

    /// <summary>Parses and checks <paramref name="body"/>; the caller disposes the document.</summary>
    /// <returns>The document, or null with the path and reason of the first problem.</returns>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> body, out JsonProblem? problem)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (InvalidOperationException)
        {
            problem = new JsonProblem("$", "The body holds invalid UTF-8 or an unpaired UTF-16 surrogate.");
            return null;
        }
        catch (JsonException ex)
        {
            problem = new JsonProblem(ex.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : ex.Path is { Length: > 0 } q ? q : "$", Describe(ex));
            return null;
        }

        problem = Check(document.RootElement);
        if (problem is not null)
        {
            problem = problem with { Path = Absolute(problem.Path) };
            document.Dispose();
            return null;
        }

        return document;
    }

    /// <summary>Parses and checks <paramref name="body"/> into a mutable node (for workflow input and event payloads).</summary>
    public static JsonNode? ParseNode(ReadOnlyMemory<byte> body, out JsonProblem? problem)
    {
        using var document = Parse(body, out problem);
        return document is null ? null : JsonNode.Parse(body.Span, documentOptions: DocumentOptions);
    }

    /// <summary>Checks <paramref name="element"/>; a problem's path is relative to it (<c>.name</c>, <c>[2]</c>), built only on failure.</summary>
    private static JsonProblem? Check(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new PropertyNames();
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return new JsonProblem("", "A property name holds invalid UTF-8 or an unpaired UTF-16 surrogate.");
                    }

                    if (!names.Add(name))
                    {
                        return new JsonProblem(Segment(name), "Duplicate property name: each name may appear once per object.");
                    }

                    if (ControlCharacter(name) is { } c)
                    {
                        return new JsonProblem(Segment(name), $"A property name holds the control character U+{c:X4}, which is not accepted.");
                    }

                    if (Check(property.Value) is { } inner)
                    {
                        return inner with { Path = Segment(name) + inner.Path };
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Check(item) is { } inner)
                    {
                        return inner with { Path = $"[{index}]{inner.Path}" };
                    }

                    index++;
                }

                return null;
            case JsonValueKind.String:
                return CheckString(element);
            case JsonValueKind.Number:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                if (raw.Length > MaxNumberLength)
                {
                    return new JsonProblem("", $"The number has more than {MaxNumberLength} characters.");
                }

                return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? null
                    : new JsonProblem("", "The number is out of range.");
            default:
                return null;
        }
    }

    /// <summary>
    /// Without escapes the raw bytes are the text: valid UTF-8 and no C1 control or DEL means valid (the reader already
    /// refused raw C0 controls). With escapes the string is decoded, which also finds unpaired surrogate escapes.
    /// </summary>
    private static JsonProblem? CheckString(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            if (!Utf8.IsValid(raw))
            {
                return new JsonProblem("", "The string holds invalid UTF-8 or an unpaired UTF-16 surrogate.");
            }

            if (raw.IndexOf((byte)0x7f) < 0 && !ContainsC1(raw))
            {
                return null;
            }
        }

        string value;
        try
        {
            value = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json transcodes lazily: invalid UTF-8 and unpaired surrogate escapes surface here.
            return new JsonProblem("", "The string holds invalid UTF-8 or an unpaired UTF-16 surrogate.");
        }

        return ControlCharacter(value) is { } control
            ? new JsonProblem("", $"The string holds the control character U+{control:X4}, which is not accepted (tab, line feed and carriage return are).")
            : null;
    }

    /// <summary>U+0080-U+009F are encoded as C2 80 to C2 9F.</summary>
    private static bool ContainsC1(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < utf8.Length - 1; i++)
        {
            if (utf8[i] == 0xc2 && utf8[i + 1] is >= 0x80 and <= 0x9f)
            {
                return true;
            }
        }

        return false;
    }

    private static int? ControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if ((c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is >= '\u007f' and <= '\u009f')
            {
                return c;
            }
        }

        return null;
    }

    private static string Segment(string name) =>
        name.Length > 0 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_')
            ? "." + name
            : $"['{Shorten(name).Replace("'", "\\'", StringComparison.Ordinal)}']";

    /// <summary>A relative path (<c>.a[2].b</c>) as shown: <c>a[2].b</c>, or from <c>$</c> when it starts with a bracket.</summary>
    private static string Absolute(string relative) =>
        relative.Length == 0 ? "$" : relative[0] == '.' ? relative[1..] : "$" + relative;

    private static string Shorten(string name) => name.Length <= 64 ? name : name[..64] + "...";

    /// <summary>System.Text.Json's description of the syntax error without its position suffix, plus the position one-based.</summary>
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        var reason = (cut > 0 ? message[..cut] : message).Trim();
        if (reason.Length > 200)
        {
            reason = reason[..200] + "...";
        }

        var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
        return new StringBuilder("The body is not valid JSON").Append(where).Append(": ").Append(reason).ToString();
    }
}

/// <summary>
/// The names seen in one object: a short list scanned linearly (most objects have a few properties, and no set is
/// allocated for them), turned into a set past <see cref="ListLimit"/> so an object with thousands of properties costs
/// linear time, not quadratic.
/// </summary>
internal struct PropertyNames
{
    private const int ListLimit = 16;
    private List<string>? _list;
    private HashSet<string>? _set;

    /// <returns>False when <paramref name="name"/> was already added.</returns>
    public bool Add(string name)
    {
        if (_set is not null)
        {
            return _set.Add(name);
        }

        _list ??= [];
        if (_list.Contains(name, StringComparer.Ordinal))
        {
            return false;
        }

        _list.Add(name);
        if (_list.Count > ListLimit)
        {
            _set = new HashSet<string>(_list, StringComparer.Ordinal);
            _list = null;
        }

        return true;
    }
}

/// <summary>Where a JSON body is wrong (a JSON path such as <c>$.lines[2].sku</c>) and why.</summary>
internal sealed record JsonProblem(string Path, string Message);
