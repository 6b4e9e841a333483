using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>Parameters of one <c>kafka</c> run.</summary>
internal sealed record KafkaLoadSettings(int Messages, TimeSpan Timeout, int HubConsumers, int ScaleOut, int SerialSample, int RawRounds, int MaxInFlight = 0, int HubRounds = 3, int WorkflowRounds = 3, int PersistedSample = 2_000)
{
    public static KafkaLoadSettings Default { get; } = new(30_000, TimeSpan.FromSeconds(900), 1, 4, 3_000, 5);

    public static bool TryParse(string[] args, [NotNullWhen(true)] out KafkaLoadSettings? settings, out string error)
    {
        settings = Default;
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                error = $"Option {args[i]} needs a non-negative integer.";
                settings = null;
                return false;
            }

            switch (args[i])
            {
                case "--messages" when value > 0:
                    settings = settings with { Messages = value };
                    break;
                case "--timeout-seconds" when value > 0:
                    settings = settings with { Timeout = TimeSpan.FromSeconds(value) };
                    break;
                case "--hub-consumers" when value > 0:
                    settings = settings with { HubConsumers = value };
                    break;
                case "--scale-out":
                    settings = settings with { ScaleOut = value };
                    break;
                case "--raw-rounds" when value > 0:
                    settings = settings with { RawRounds = value };
                    break;
                case "--hub-rounds" when value > 0:
                    settings = settings with { HubRounds = value };
                    break;
                case "--workflow-rounds":
                    settings = settings with { WorkflowRounds = value };
                    break;
                case "--persisted-sample":
                    settings = settings with { PersistedSample = value };
                    break;
                case "--max-in-flight":
                    settings = settings with { MaxInFlight = value };
                    break;
                case "--serial-sample":
                    settings = settings with { SerialSample = value };
                    break;
                default:
                    error = $"Unknown option or bad value: {args[i]} {args[i + 1]}.";
                    settings = null;
                    return false;
            }

            i++;
        }

        return true;
    }
}
