using System.Diagnostics;

namespace IntegrationHub.IntegrationTests.Hosting;

/// <summary>
/// What a process that should have ended is doing: its managed threads' stacks, by <c>dotnet-stack report</c> when that
/// global tool is installed (it is optional; without it the report says so), so a hang in a test names its cause.
/// </summary>
public static class HangReport
{
    public static async Task<string> StacksAsync(int processId)
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-stack");
        if (!File.Exists(tool))
        {
            return "(no stacks: the dotnet-stack tool is not installed)";
        }

        try
        {
            var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("report");
            info.ArgumentList.Add("-p");
            info.ArgumentList.Add(processId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.Environment["DOTNET_ROLL_FORWARD"] = "Major";
            using var process = Process.Start(info)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return $"{await output}{await error}";
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"(no stacks: {ex.GetType().Name}: {ex.Message})";
        }
    }
}
