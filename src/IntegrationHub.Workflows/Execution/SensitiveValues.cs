using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IntegrationHub.Workflows.Execution;

/// <summary>Masks values whose name looks secret (authorization, password, secret, token, api key, cookie) before they are journaled.</summary>
internal static partial class SensitiveValues
{
    public const string Mask = "***";

    [GeneratedRegex("authorization|password|secret|token|api[-_]?key|cookie", RegexOptions.IgnoreCase)]
    private static partial Regex SensitiveName();

    public static bool IsSensitive(string name) => SensitiveName().IsMatch(name);

    /// <summary>A copy of <paramref name="value"/> with every sensitive property of any nested object masked.</summary>
    public static JsonNode? Masked(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (name, child) in o)
                {
                    copy[name] = IsSensitive(name) ? Mask : Masked(child);
                }

                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Select(Masked)]);
            default:
                return value?.DeepClone();
        }
    }
}
