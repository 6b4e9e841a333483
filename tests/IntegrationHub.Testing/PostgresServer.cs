using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace IntegrationHub.Testing;

/// <summary>
/// A throwaway PostgreSQL server for a test process: its own data folder under the temp folder, a free loopback port,
/// a random password, started on first use and stopped (its folder deleted) when the test process ends, however it
/// ends: a watchdog shell beside the server stops it once the test process is gone. The binaries are Debian's
/// <c>postgresql</c> package, which <c>./build.sh setup</c> installs when missing. Run as root, the server runs as the
/// package's <c>postgres</c> user (PostgreSQL refuses to run as root).
/// Durability settings are off by default (<c>fsync</c>, <c>synchronous_commit</c>): tests kill hubs, never the machine;
/// benchmarks start it durable.
/// </summary>
public sealed class PostgresServer
{
    private const string User = "hub";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static int _databases;

    private readonly string _password;
    private readonly int _port;

    private readonly string _folder;
    private readonly Process _watchdog;
    private readonly System.Text.StringBuilder _log;

    private PostgresServer(int port, string password, string folder, Process watchdog, System.Text.StringBuilder log)
    {
        _port = port;
        _password = password;
        _folder = folder;
        _watchdog = watchdog;
        _log = log;
    }

    /// <summary>Connection string of the server's maintenance database (<c>postgres</c>).</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = User,
        Password = _password,
        Database = database,
    }.ConnectionString;

    /// <summary>A new, empty database on the server; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "hub", CancellationToken cancellationToken = default)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionString(name);
    }

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default) => await StartAsync(durable: false, cancellationToken).ConfigureAwait(false);

    /// <param name="durable">Sync every commit to disk, as production runs (<c>fsync</c>, <c>synchronous_commit</c> and full page writes on).</param>
    public static async Task<PostgresServer> StartAsync(bool durable, CancellationToken cancellationToken = default)
    {
        var bin = BinDirectory();
        var root = Environment.UserName == "root";
        var folder = Path.Combine(Path.GetTempPath(), "hub-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(folder);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var passwordFile = Path.Combine(folder, "pw");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken).ConfigureAwait(false);
        if (root)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", folder], asPostgres: false, cancellationToken).ConfigureAwait(false);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", User, "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync"], root, cancellationToken).ConfigureAwait(false);
        File.Delete(passwordFile);

        var port = LoopbackPorts.Free();
        var server = string.Join(' ', new[]
        {
            Quote(Path.Combine(bin, "postgres")), "-D", Quote(data), "-p", port.ToString(CultureInfo.InvariantCulture), "-k", Quote(folder),
            "-c", "listen_addresses=127.0.0.1", "-c", durable ? "fsync=on" : "fsync=off", "-c", durable ? "synchronous_commit=on" : "synchronous_commit=off",
            "-c", durable ? "full_page_writes=on" : "full_page_writes=off",
            "-c", "max_connections=300", "-c", "shared_buffers=64MB",
        });
        // The watchdog: runs the server while the test process lives and no 'stopped' file is there (StopAsync writes it,
        // StartAgainAsync removes it), stops it (fast shutdown) when the test process is gone, then deletes the folder.
        var alive = $"[ -d /proc/{Environment.ProcessId} ]";
        var stopped = Quote(Path.Combine(folder, "stopped"));
        var watchdog = $"while {alive}; do if [ ! -f {stopped} ]; then {server} & pg=$!; " +
            $"while {alive} && [ ! -f {stopped} ] && kill -0 $pg 2>/dev/null; do sleep 0.2; done; kill -INT $pg 2>/dev/null; wait $pg; fi; sleep 0.2; done; rm -rf {Quote(folder)}";
        var info = Start(root, "sh", ["-c", watchdog]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start PostgreSQL");
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var started = new PostgresServer(port, password, folder, process, log);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(data);
        await started.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
        return started;
    }

    /// <summary>
    /// Stops the server (fast shutdown: sessions are ended, the data stays) until <see cref="StartAgainAsync"/>; returns
    /// once it refuses connections. For tests of a store that goes away and comes back.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "stopped"), "", cancellationToken).ConfigureAwait(false);
        var pidFile = Path.Combine(_folder, "data", "postmaster.pid");
        var deadline = Stopwatch.StartNew();
        while (File.Exists(pidFile))
        {
            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"PostgreSQL did not stop within {StartTimeout.TotalSeconds} s");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the server stopped by <see cref="StopAsync"/> again, on the same port and data; returns once it answers.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        File.Delete(Path.Combine(_folder, "stopped"));
        await WaitReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var (process, log) = (_watchdog, _log);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString + ";Pooling=false");
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NpgsqlException) when (!process.HasExited && deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException ex)
            {
                lock (log)
                {
                    throw new InvalidOperationException($"PostgreSQL did not start within {StartTimeout.TotalSeconds} s: {ex.Message}\n{log}", ex);
                }
            }
        }
    }

    /// <summary>Fast shutdown of the server now (the watchdog then deletes its folder).</summary>
    private static void Stop(string data)
    {
        try
        {
            var pidFile = Path.Combine(data, "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture, out var pid))
            {
                using var kill = Process.Start("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]);
                kill?.WaitForExit(5_000);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // The watchdog stops it anyway once this process is gone.
        }
    }

    private static string BinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("HUB_POSTGRES_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        const string Debian = "/usr/lib/postgresql";
        var found = Directory.Exists(Debian)
            ? Directory.GetDirectories(Debian)
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb): run ./build.sh setup, which installs Debian's postgresql package, or set HUB_POSTGRES_BIN.");
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var info = Start(asPostgres, file, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + file);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }

    private static ProcessStartInfo Start(bool asPostgres, string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : file) { UseShellExecute = false };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>One throwaway PostgreSQL server per test process; each test takes a database of its own.</summary>
public static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(() => PostgresServer.StartAsync(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static async Task<PostgresServer> ServerAsync() => await Server.Value.ConfigureAwait(false);

    /// <summary>A new, empty database; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "hub") =>
        await (await ServerAsync().ConfigureAwait(false)).CreateDatabaseAsync(prefix).ConfigureAwait(false);
}
