using System.Globalization;
using System.Text;

namespace IntegrationHub.Sandbox.Salesforce.Soql;

/// <summary>
/// Parses the SOQL subset the sandbox serves: <c>SELECT f1, f2 FROM Object [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], ...]
/// [LIMIT n]</c>, where cond combines <c>field op literal</c> (=, !=, &lt;, &lt;=, &gt;, &gt;=, LIKE), <c>field [NOT] IN (...)</c>, AND,
/// OR, NOT and parentheses. Literals: 'strings' (with \' escapes), numbers, unquoted datetimes and dates, true, false, null.
/// </summary>
internal sealed class SoqlParser
{
    private readonly List<string> _tokens;
    private int _at;

    private SoqlParser(List<string> tokens) => _tokens = tokens;

    /// <exception cref="FormatException">Not SOQL this sandbox understands; the message says where.</exception>
    public static SoqlQuery Parse(string soql)
    {
        var parser = new SoqlParser(Tokenize(soql));
        var query = parser.Query();
        return parser._at == parser._tokens.Count ? query : throw new FormatException($"unexpected token '{parser._tokens[parser._at]}'");
    }

    private SoqlQuery Query()
    {
        Expect("SELECT");
        var fields = new List<string> { Identifier() };
        while (Accept(","))
        {
            fields.Add(Identifier());
        }

        Expect("FROM");
        var from = Identifier();
        var where = Accept("WHERE") ? Or() : null;
        var order = new List<SoqlOrder>();
        if (Accept("ORDER"))
        {
            Expect("BY");
            do
            {
                var field = Identifier();
                var descending = Accept("DESC");
                if (!descending)
                {
                    Accept("ASC");
                }

                if (Accept("NULLS") && !Accept("FIRST"))
                {
                    Expect("LAST");
                }

                order.Add(new SoqlOrder(field, descending));
            }
            while (Accept(","));
        }

        int? limit = Accept("LIMIT") ? int.Parse(Next("a LIMIT number"), NumberStyles.None, CultureInfo.InvariantCulture) : null;
        return new SoqlQuery(fields, from, where, order, limit);
    }

    private SoqlCondition Or()
    {
        var left = And();
        while (Accept("OR"))
        {
            left = new SoqlOr(left, And());
        }

        return left;
    }

    private SoqlCondition And()
    {
        var left = Unary();
        while (Accept("AND"))
        {
            left = new SoqlAnd(left, Unary());
        }

        return left;
    }

    private SoqlCondition Unary()
    {
        if (Accept("NOT"))
        {
            return new SoqlNot(Unary());
        }

        if (Accept("("))
        {
            var inner = Or();
            Expect(")");
            return inner;
        }

        var field = Identifier();
        if (Accept("IN"))
        {
            return InList(field, "IN");
        }

        if (Accept("NOT"))
        {
            Expect("IN");
            return InList(field, "NOT IN");
        }

        var comparison = Next("an operator");
        var normalized = comparison.ToUpperInvariant() is "LIKE" ? "LIKE" : comparison == "<>" ? "!=" : comparison;
        if (normalized is not ("=" or "!=" or "<" or "<=" or ">" or ">=" or "LIKE"))
        {
            throw new FormatException($"unexpected operator '{comparison}' after {field}");
        }

        return new SoqlComparison(field, normalized, [Literal()]);
    }

    private SoqlComparison InList(string field, string op)
    {
        Expect("(");
        var values = new List<SoqlValue> { Literal() };
        while (Accept(","))
        {
            values.Add(Literal());
        }

        Expect(")");
        return new SoqlComparison(field, op, values);
    }

    private SoqlValue Literal()
    {
        var token = Next("a value");
        if (token.StartsWith('\''))
        {
            return new SoqlValue(token[1..^1].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal));
        }

        switch (token.ToUpperInvariant())
        {
            case "NULL":
                return new SoqlValue(null);
            case "TRUE":
                return new SoqlValue(true);
            case "FALSE":
                return new SoqlValue(false);
        }

        if (token.Contains('T', StringComparison.Ordinal) && SalesforceTime.TryParse(token, out var dt))
        {
            return new SoqlValue(dt);
        }

        if (DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new SoqlValue(date);
        }

        return decimal.TryParse(token, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
            ? new SoqlValue(number)
            : throw new FormatException($"'{token}' is not a SOQL literal");
    }

    private string Identifier()
    {
        var token = Next("a name");
        return token.Length > 0 && (char.IsAsciiLetter(token[0])) && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.')
            ? token
            : throw new FormatException($"'{token}' is not a field or object name");
    }

    private bool Accept(string keyword)
    {
        if (_at < _tokens.Count && string.Equals(_tokens[_at], keyword, StringComparison.OrdinalIgnoreCase))
        {
            _at++;
            return true;
        }

        return false;
    }

    private void Expect(string keyword) => _ = Accept(keyword) ? true : throw new FormatException($"expected {keyword} at '{(_at < _tokens.Count ? _tokens[_at] : "the end")}'");

    private string Next(string what) => _at < _tokens.Count ? _tokens[_at++] : throw new FormatException($"expected {what} at the end");

    private static List<string> Tokenize(string soql)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < soql.Length)
        {
            var c = soql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var sb = new StringBuilder("'");
                i++;
                while (i < soql.Length && soql[i] != '\'')
                {
                    if (soql[i] == '\\' && i + 1 < soql.Length)
                    {
                        sb.Append(soql[i++]);
                    }

                    sb.Append(soql[i++]);
                }

                if (i >= soql.Length)
                {
                    throw new FormatException("unterminated string literal");
                }

                tokens.Add(sb.Append('\'').ToString());
                i++;
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '=' or '<' or '>' or '!')
            {
                var two = i + 1 < soql.Length ? soql.Substring(i, 2) : "";
                var op = two is "<=" or ">=" or "!=" or "<>" ? two : c.ToString();
                tokens.Add(op);
                i += op.Length;
            }
            else
            {
                var start = i;
                while (i < soql.Length && !char.IsWhiteSpace(soql[i]) && soql[i] is not ('(' or ')' or ',' or '=' or '<' or '>' or '!' or '\''))
                {
                    i++;
                }

                tokens.Add(soql[start..i]);
            }
        }

        return tokens;
    }
}
