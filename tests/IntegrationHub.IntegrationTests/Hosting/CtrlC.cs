using System.Diagnostics;
using System.Globalization;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>
/// Ctrl+C reaches a process only when SIGINT is not ignored. A shell's background job ignores SIGINT (and SIGQUIT), and
/// every child inherits that: the hub then rightly ignores Ctrl+C, like any program started with nohup or '&amp;'. When
/// this test process itself runs that way (a suite started in the background), the tests that send Ctrl+C start their
/// child through perl (perl-base is essential on Debian), which puts SIGINT back to its default before exec, as a
/// terminal would have it. Otherwise the child is started directly.
/// </summary>
internal static class CtrlC
{
    private const string RestoreAndExec = "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\";";

    private static readonly Lazy<bool> Ignored = new(() => IsIgnoredHere());

    /// <summary>A start info for <paramref name="fileName"/> whose process receives Ctrl+C; add the arguments to it.</summary>
    public static ProcessStartInfo StartInfo(string fileName)
    {
        if (!Ignored.Value)
        {
            return new ProcessStartInfo(fileName);
        }

        var info = new ProcessStartInfo("perl");
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(RestoreAndExec);
        info.ArgumentList.Add(fileName);
        return info;
    }

    /// <summary>The SigIgn mask of /proc/self/status has bit (signal - 1) set for each ignored signal; SIGINT is 2.</summary>
    private static bool IsIgnoredHere()
    {
        const string prefix = "SigIgn:";
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line[prefix.Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << 1)) != 0;
    }
}
