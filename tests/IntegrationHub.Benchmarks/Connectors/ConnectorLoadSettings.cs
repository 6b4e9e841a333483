using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace IntegrationHub.Benchmarks.Connectors;

/// <summary>Parameters of one <c>connectors</c> run.</summary>
internal sealed record ConnectorLoadSettings(int Orders, int Concurrency, TimeSpan Timeout, bool PublishedLimits)
{
    public static ConnectorLoadSettings Default { get; } = new(2_000, 8, TimeSpan.FromSeconds(600), false);

    public static bool TryParse(string[] args, [NotNullWhen(true)] out ConnectorLoadSettings? settings, out string error)
    {
        settings = Default;
        error = "";
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                error = $"Option {args[i]} needs a non-negative integer.";
                settings = null;
                return false;
            }

            switch (args[i])
            {
                case "--orders" when value > 0:
                    settings = settings with { Orders = value };
                    break;
                case "--concurrency" when value is > 0 and <= 256:
                    settings = settings with { Concurrency = value };
                    break;
                case "--timeout-seconds" when value > 0:
                    settings = settings with { Timeout = TimeSpan.FromSeconds(value) };
                    break;
                case "--published-limits" when value is 0 or 1:
                    settings = settings with { PublishedLimits = value == 1 };
                    break;
                default:
                    error = $"Unknown option or bad value: {args[i]} {args[i + 1]}.";
                    settings = null;
                    return false;
            }
        }

        return true;
    }
}
