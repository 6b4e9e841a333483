using System.Globalization;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>Prints the phases as a Markdown table, then the hub/raw-pipeline ratio.</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<PhaseResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("| Phase | Records | Start-up (s) | Elapsed (s) | msgs/s from start | msgs/s after first record | Range over rounds (msgs/s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var records = r.TimedOut ? $"{r.Completed}/{r.Target} (timed out)" : F(r.Completed, "N0");
            Console.WriteLine($"| {r.Name} | {records} | {F(r.Startup?.TotalSeconds, "F2")} | {F(r.Elapsed.TotalSeconds, "F2")} | {F(r.Rate, "N0")} | {F(r.SteadyRate, "N0")} | {(r.Spread is { } s ? $"{F(s.Min, "N0")} - {F(s.Max, "N0")}" : "-")} |");
        }

        var raws = results.Where(r => r.Name.StartsWith(RawPipelinePhase.Name, StringComparison.Ordinal)).ToList();
        var hubs = results.Where(r => r.Name.StartsWith(HubLoopPhase.NamePrefix, StringComparison.Ordinal) || r.Name.StartsWith(HubWorkflowPhase.NamePrefix, StringComparison.Ordinal)).ToList();
        var serials = results.Where(r => r.Name.StartsWith(RawSerialPhase.NamePrefix, StringComparison.Ordinal)).ToList();
        Console.WriteLine();
        foreach (var hub in hubs)
        {
            foreach (var raw in raws)
            {
                Ratio(hub, raw);
            }
        }

        if (hubs.FirstOrDefault(h => h.Name.StartsWith(HubLoopPhase.NamePrefix, StringComparison.Ordinal) && !h.Name.Contains("consumers", StringComparison.Ordinal)) is { } single)
        {
            foreach (var serial in serials)
            {
                // The sample is smaller than N, so only the rate after the first record compares.
                Console.WriteLine($"Ratio {single.Name} / {serial.Name}: {F(single.SteadyRate / serial.SteadyRate, "P2")} after first record");
            }
        }
    }

    // A phase timed from its first output (SteadyOverride) started consuming before its input was produced, so a ratio
    // "from start" means nothing for it.
    private static void Ratio(PhaseResult a, PhaseResult b) => Console.WriteLine(
        $"Ratio {a.Name} / {b.Name}: {F(a.SteadyRate / b.SteadyRate, "P2")} after first record{(a.SteadyOverride is null ? $", {F(a.Rate / b.Rate, "P2")} from start" : "")}");

    private static string F(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
