using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Expressions;

/// <summary>Splits a string value into literal text and <c>${ ... }</c> expressions (braces inside the code are balanced).</summary>
internal static class ExpressionText
{
    public static InputSource Parse(string text, SourceLocation location)
    {
        var start = text.IndexOf("${", StringComparison.Ordinal);
        if (start < 0)
        {
            return new LiteralSource(JsonValue.Create(text), location);
        }

        var parts = new List<InputSource>();
        var position = 0;
        while (start >= 0)
        {
            if (start > position)
            {
                parts.Add(new LiteralSource(JsonValue.Create(text[position..start]), location));
            }

            var end = MatchingBrace(text, start + 2);
            if (end < 0)
            {
                // Unterminated: keep the rest as text; the validator reports it.
                parts.Add(new ExpressionSource(text[(start + 2)..], location with { Path = location.Path + " (unterminated ${)" }));
                position = text.Length;
                break;
            }

            parts.Add(new ExpressionSource(text[(start + 2)..end].Trim(), location));
            position = end + 1;
            start = text.IndexOf("${", position, StringComparison.Ordinal);
        }

        if (position < text.Length)
        {
            parts.Add(new LiteralSource(JsonValue.Create(text[position..]), location));
        }

        return parts is [ExpressionSource single] ? single : new TemplateSource(parts, location);
    }

    private static int MatchingBrace(string text, int from)
    {
        var depth = 0;
        var inString = false;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' && (i == 0 || text[i - 1] != '\\'))
            {
                inString = !inString;
            }
            else if (!inString && c == '{')
            {
                depth++;
            }
            else if (!inString && c == '}')
            {
                if (depth == 0)
                {
                    return i;
                }

                depth--;
            }
        }

        return -1;
    }
}
