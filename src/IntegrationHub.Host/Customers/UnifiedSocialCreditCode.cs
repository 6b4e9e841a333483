namespace IntegrationHub.Host.Customers;

/// <summary>
/// The Chinese unified social credit code (GB 32100-2015): 18 characters from <c>0-9</c> and <c>A-Y</c> without
/// I, O, S, V and Z; the 18th is a check character, 31 minus the weighted sum of the first 17 (weights 3^i mod 31) mod 31.
/// </summary>
internal static class UnifiedSocialCreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Null when <paramref name="code"/> (upper-cased, spaces removed) is valid, else why not.</summary>
    public static string? Check(string code)
    {
        if (code.Length != 18)
        {
            return $"must be 18 characters (it has {code.Length})";
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return $"character {i + 1} ('{code[i]}') is not allowed (0-9 and A-Y without I, O, S, V, Z)";
            }

            sum += value * Weights[i];
        }

        var expected = Alphabet[(31 - (sum % 31)) % 31];
        return code[17] == expected ? null : "the check character (the 18th) does not match the first 17";
    }
}
