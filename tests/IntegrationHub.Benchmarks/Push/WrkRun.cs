using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Benchmarks.Push;

/// <summary>One wrk run (Debian's <c>wrk</c>, installed when missing) and what its report says.</summary>
internal sealed partial record WrkRun(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long NotAccepted, long SocketErrors)
{
    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (File.Exists("/usr/bin/wrk"))
        {
            return;
        }

        Console.WriteLine("wrk is missing: installing Debian's package (apt-get install wrk)");
        foreach (var args in new[] { "update -qq", "install -y -qq wrk" })
        {
            using var apt = Process.Start(new ProcessStartInfo("apt-get", args) { Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" } })!;
            await apt.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (apt.ExitCode != 0)
            {
                throw new InvalidOperationException($"apt-get {args} failed ({apt.ExitCode}); install wrk and run again");
            }
        }
    }

    /// <summary>Runs <c>wrk</c> with <paramref name="script"/> against <paramref name="url"/>; <paramref name="runId"/> makes the idempotency keys unique.</summary>
    public static async Task<WrkRun> RunAsync(Uri url, string script, int connections, int seconds, string runId, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", seconds + "s", "--latency", "-s", script, url.ToString(), "--", runId })
        {
            info.ArgumentList.Add(arg);
        }

        using var wrk = Process.Start(info)!;
        var output = await wrk.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await wrk.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var rate = RateLine().Match(output);
        if (wrk.ExitCode != 0 || !rate.Success)
        {
            throw new InvalidOperationException("wrk failed: " + output + await wrk.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
        }

        return new WrkRun(
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50%"),
            Percentile(output, "99%"),
            long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            NotAcceptedLine().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            SocketErrorsLine().Match(output) is { Success: true } s ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0);
    }

    // wrk prints latencies as 812.00us, 9.12ms or 1.02s.
    private static double Percentile(string output, string percentile)
    {
        var match = Regex.Match(output, @"^\s*" + Regex.Escape(percentile) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NotAcceptedLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
