using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>
/// The subset of K3Cloud's <c>FilterString</c> (SQL-like) the sandbox understands: <c>field op literal</c> with <c>= &lt;&gt; != &gt;
/// &gt;= &lt; &lt;=</c>, <c>field IN (literal, ...)</c>, <c>field LIKE 'x%'</c>, <c>AND</c>, <c>OR</c> and parentheses; literals are
/// 'quoted' (quote doubled inside) or numbers. Dates compare as dates, numbers as numbers. A bad filter throws
/// <see cref="FormatException"/> with the position.
/// </summary>
internal sealed class KingdeeFilter
{
    private readonly List<string> _tokens;
    private int _at;

    private KingdeeFilter(List<string> tokens) => _tokens = tokens;

    public static Func<Func<string, JsonNode?>, bool> Parse(string? filter, ISet<string> knownFields)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return _ => true;
        }

        var parser = new KingdeeFilter(Tokenize(filter));
        var predicate = parser.Or(knownFields);
        return parser._at == parser._tokens.Count ? predicate : throw new FormatException($"unexpected '{parser._tokens[parser._at]}' in FilterString");
    }

    private Func<Func<string, JsonNode?>, bool> Or(ISet<string> fields)
    {
        var left = And(fields);
        while (Accept("OR"))
        {
            var l = left;
            var r = And(fields);
            left = row => l(row) || r(row);
        }

        return left;
    }

    private Func<Func<string, JsonNode?>, bool> And(ISet<string> fields)
    {
        var left = Factor(fields);
        while (Accept("AND"))
        {
            var l = left;
            var r = Factor(fields);
            left = row => l(row) && r(row);
        }

        return left;
    }

    private Func<Func<string, JsonNode?>, bool> Factor(ISet<string> fields)
    {
        if (Accept("("))
        {
            var inner = Or(fields);
            Expect(")");
            return inner;
        }

        var field = Next();
        if (!fields.Contains(field))
        {
            throw new FormatException($"field {field} does not exist in the form");
        }

        if (Accept("IN"))
        {
            Expect("(");
            var values = new List<string> { Literal() };
            while (Accept(","))
            {
                values.Add(Literal());
            }

            Expect(")");
            return row => values.Any(v => Compare(row(field), v) == 0);
        }

        if (Accept("LIKE"))
        {
            var pattern = Literal();
            return row => Like(Text(row(field)), pattern);
        }

        var op = Next();
        var literal = Literal();
        return op switch
        {
            "=" => row => Compare(row(field), literal) == 0,
            "<>" or "!=" => row => Compare(row(field), literal) is not 0,
            ">" => row => Compare(row(field), literal) is > 0 and not int.MaxValue,
            ">=" => row => Compare(row(field), literal) is >= 0 and not int.MaxValue,
            "<" => row => Compare(row(field), literal) < 0,
            "<=" => row => Compare(row(field), literal) <= 0,
            _ => throw new FormatException($"unknown operator '{op}' in FilterString"),
        };
    }

    // int.MaxValue: not comparable (null), which only '<>' accepts.
    private static int Compare(JsonNode? value, string literal)
    {
        var text = Text(value);
        if (text is null)
        {
            return int.MaxValue;
        }

        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var actual)
            && decimal.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return Math.Sign(actual.CompareTo(number));
        }

        if (KingdeeDates.TryParse(text, out var a) && KingdeeDates.TryParse(literal, out var b))
        {
            return Math.Sign(a.CompareTo(b));
        }

        return Math.Sign(string.CompareOrdinal(text, literal));
    }

    private static bool Like(string? text, string pattern)
    {
        if (text is null)
        {
            return false;
        }

        var core = pattern.Trim('%');
        return (pattern.StartsWith('%'), pattern.EndsWith('%')) switch
        {
            (true, true) => text.Contains(core, StringComparison.OrdinalIgnoreCase),
            (false, true) => text.StartsWith(core, StringComparison.OrdinalIgnoreCase),
            (true, false) => text.EndsWith(core, StringComparison.OrdinalIgnoreCase),
            _ => string.Equals(text, core, StringComparison.OrdinalIgnoreCase),
        };
    }

    internal static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private string Literal()
    {
        var token = Next();
        if (token.StartsWith('\''))
        {
            return token[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        return decimal.TryParse(token, NumberStyles.Number, CultureInfo.InvariantCulture, out _) ? token : throw new FormatException($"'{token}' is not a literal");
    }

    private bool Accept(string token)
    {
        if (_at < _tokens.Count && string.Equals(_tokens[_at], token, StringComparison.OrdinalIgnoreCase))
        {
            _at++;
            return true;
        }

        return false;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new FormatException($"'{token}' expected in FilterString");
        }
    }

    private string Next() => _at < _tokens.Count ? _tokens[_at++] : throw new FormatException("FilterString ends too early");

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var j = i + 1;
                while (true)
                {
                    if (j >= text.Length)
                    {
                        throw new FormatException("unterminated string in FilterString");
                    }

                    if (text[j] == '\'' && (j + 1 >= text.Length || text[j + 1] != '\''))
                    {
                        break;
                    }

                    j += text[j] == '\'' ? 2 : 1;
                }

                tokens.Add(text[i..(j + 1)]);
                i = j + 1;
            }
            else if (c is '(' or ')' or ',' or '=')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '<' or '>' or '!')
            {
                var two = i + 1 < text.Length && text[i + 1] is '=' or '>' ? text.Substring(i, 2) : c.ToString();
                tokens.Add(two);
                i += two.Length;
            }
            else
            {
                var j = i;
                while (j < text.Length && (char.IsLetterOrDigit(text[j]) || text[j] is '_' or '.' or '-'))
                {
                    j++;
                }

                if (j == i)
                {
                    throw new FormatException($"unexpected '{c}' in FilterString");
                }

                tokens.Add(text[i..j]);
                i = j;
            }
        }

        return tokens;
    }
}
