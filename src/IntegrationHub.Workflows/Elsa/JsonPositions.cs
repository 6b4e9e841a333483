using System.Text;
using System.Text.Json;

namespace IntegrationHub.Workflows.Elsa;

/// <summary>
/// The 1-based line and column of every value in a JSON text, by path (<c>$</c> for the document,
/// <c>root.activities[2].text</c> below it), read in one pass of <see cref="Utf8JsonReader"/>, so errors in an imported
/// definition point into the file the way the hub's YAML errors do.
/// </summary>
internal sealed class JsonPositions
{
    private readonly Dictionary<string, (int Line, int Column)> _at = new(StringComparer.Ordinal);

    private JsonPositions()
    {
    }

    public (int Line, int Column) this[string path] => _at.TryGetValue(path, out var at) ? at : (1, 1);

    /// <summary>Indexes <paramref name="utf8"/>, which must already have parsed as JSON (comments skipped).</summary>
    public static JsonPositions Index(byte[] utf8)
    {
        var positions = new JsonPositions();
        var lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new Stack<(string Path, bool Array, int Index)>();
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.Pop();
                    continue;
            }

            string path;
            if (frames.Count == 0)
            {
                path = "$";
            }
            else
            {
                var (parent, array, index) = frames.Pop();
                path = array ? $"{parent}[{index}]" : parent == "$" ? property! : $"{parent}.{property}";
                frames.Push((parent, array, array ? index + 1 : index));
            }

            positions._at[path] = Position(utf8, lineStarts, (int)reader.TokenStartIndex);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                frames.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
            }
        }

        return positions;
    }

    private static List<int> LineStarts(byte[] utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int, int) Position(byte[] utf8, List<int> lineStarts, int offset)
    {
        var line = lineStarts.BinarySearch(offset);
        line = line >= 0 ? line : ~line - 1;
        var start = lineStarts[line];
        var column = Encoding.UTF8.GetCharCount(utf8, start, offset - start) + 1;
        return (line + 1, column);
    }
}
