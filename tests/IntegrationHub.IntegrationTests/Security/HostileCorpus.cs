using System.Text;

namespace IntegrationHub.IntegrationTests.Security;

/// <summary>
/// A seeded generator of hostile request bodies and headers: valid bodies for each endpoint, then byte- and token-level
/// mutations (flips, insertions of bytes that are never valid UTF-8, truncation, lone surrogate and control-character
/// escapes, duplicate names, deep nesting, huge numbers and strings, wrong types). The same seed gives the same corpus,
/// so a failure can be replayed from the seed in the test output.
/// </summary>
internal sealed class HostileCorpus(int seed)
{
    private static readonly string[] Tokens =
    [
        "\\ud800", "\\udfff", "\\u0000", "\\u001b", "\\u007f", "\\u0085", "\"", "\\", "{", "}", "[", "]", ",", ":", "null", "true",
        "1e999", "-1e999", "79228162514264337593543950336", "0.0000000000000000000000000000001", "NaN", "Infinity", "\"\\uD83D\"",
        new string('9', 80), "\"" + new string('x', 3000) + "\"", new string('[', 64), "\"a\":1,\"a\":2",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/problem+json", "text/plain", "application/json; charset=latin1",
        "", "application/x-www-form-urlencoded", "application/json;;;", "*/*",
    ];

    private static readonly string[] HeaderValues =
    [
        "", " ", "x", new string('k', 300), "\u0001", "99999999999999999999", "-1", "sha256=" + new string('z', 64), "\"quoted\"",
    ];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    /// <summary>A body for <paramref name="endpoint"/>: one time in eight a valid one, otherwise a mutation of it.</summary>
    public byte[] Body(string endpoint, int sequence)
    {
        var valid = Encoding.UTF8.GetBytes(Valid(endpoint, sequence));
        if (_random.Next(8) == 0)
        {
            return valid;
        }

        var body = valid;
        var mutations = 1 + _random.Next(3);
        for (var i = 0; i < mutations; i++)
        {
            body = Mutate(body);
        }

        return body;
    }

    /// <summary>Mostly JSON, sometimes something else.</summary>
    public string ContentType() => _random.Next(4) == 0 ? ContentTypes[_random.Next(ContentTypes.Length)] : "application/json";

    /// <summary>A hostile value for a header, or null to leave it as the request has it.</summary>
    public string? Header() => _random.Next(5) == 0 ? HeaderValues[_random.Next(HeaderValues.Length)] : null;

    private byte[] Mutate(byte[] body)
    {
        var at = body.Length == 0 ? 0 : _random.Next(body.Length);
        return _random.Next(7) switch
        {
            0 => [.. body[..at], (byte)_random.Next(256), .. body[Math.Min(at + 1, body.Length)..]],
            1 => [.. body[..at], .. new[] { (byte)0xff, (byte)0xc0, (byte)0x80, (byte)0xed, (byte)0xa0, (byte)0x80 }.Take(1 + _random.Next(6)), .. body[at..]],
            2 => body[..at],
            3 => [.. body[..at], .. Encoding.UTF8.GetBytes(Tokens[_random.Next(Tokens.Length)]), .. body[at..]],
            4 => [.. body[..at], .. body[at..Math.Min(body.Length, at + 1 + _random.Next(40))], .. body[at..]],
            5 => Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 20 + _random.Next(200)) + "1" + new string(']', 20) + "}"),
            _ => ReplaceValue(body),
        };
    }

    /// <summary>Replaces the value after a random <c>:</c> with a hostile token.</summary>
    private byte[] ReplaceValue(byte[] body)
    {
        var colons = Enumerable.Range(0, body.Length).Where(i => body[i] == (byte)':').ToList();
        if (colons.Count == 0)
        {
            return body;
        }

        var at = colons[_random.Next(colons.Count)] + 1;
        var end = at;
        while (end < body.Length && body[end] is not ((byte)',' or (byte)'}' or (byte)']'))
        {
            end++;
        }

        return [.. body[..at], .. Encoding.UTF8.GetBytes(Tokens[_random.Next(Tokens.Length)]), .. body[end..]];
    }

    private static string Valid(string endpoint, int sequence) => endpoint switch
    {
        "orders" => Orders.SampleOrders.Json($"SO-FUZZ-{sequence}"),
        "events" => $$$"""{"correlationId":"fuzz-{{{sequence}}}","payload":{"n":{{{sequence}}},"text":"ok"}}""",
        _ => $$$"""{"customer":"CUST{{{sequence}}}","amount":12.5,"tags":["a","b"],"nested":{"ok":true}}""",
    };
}
