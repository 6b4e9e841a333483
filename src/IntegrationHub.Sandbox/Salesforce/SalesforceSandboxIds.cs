namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>Salesforce-shaped record ids: 3-character key prefix, 12 more, plus the 3-character case-safe suffix (18 in all).</summary>
internal static class SalesforceSandboxIds
{
    private const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Suffix = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    public static string Make(string keyPrefix, long sequence)
    {
        var body = new char[12];
        for (var i = 11; i >= 0; i--)
        {
            body[i] = Digits[(int)(sequence % 62)];
            sequence /= 62;
        }

        var id15 = keyPrefix + "5g" + new string(body)[2..];
        var suffix = new char[3];
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = 0;
            for (var j = 0; j < 5; j++)
            {
                if (char.IsAsciiLetterUpper(id15[(chunk * 5) + j]))
                {
                    bits |= 1 << j;
                }
            }

            suffix[chunk] = Suffix[bits];
        }

        return id15 + new string(suffix);
    }
}
