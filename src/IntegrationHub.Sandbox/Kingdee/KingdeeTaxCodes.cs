using Bogus;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>
/// Tax registration codes for seeded ERP customers: Chinese unified social credit codes (GB 32100) as companies have them,
/// "91" (an enterprise), a six-digit division, a nine-character organisation code and the check character (weights
/// 3^i mod 31 over the alphabet without I, O, S, V, Z). One in twenty is keyed with a wrong last character, as happens.
/// </summary>
internal static class KingdeeTaxCodes
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly string[] Divisions = ["110108", "310115", "440300", "330106", "320505", "510107", "420111"];

    public static string Next(Randomizer random)
    {
        var body = "91" + random.ArrayElement(Divisions) + random.ReplaceNumbers("########") + Alphabet[random.Int(0, 30)];
        var sum = 0;
        var weight = 1;
        foreach (var c in body)
        {
            sum += Alphabet.IndexOf(c, StringComparison.Ordinal) * weight;
            weight = weight * 3 % 31;
        }

        var check = Alphabet[(31 - (sum % 31)) % 31];
        return body + (random.Bool(0.05f) ? Alphabet[(Alphabet.IndexOf(check, StringComparison.Ordinal) + 1) % 31] : check);
    }
}
