using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Sandbox.Faults;

/// <summary>
/// One sandbox system's fault injection: the profile in force, the random sequence its decisions come from, the counts, and
/// the admin key that protects <c>/__admin/faults</c> (generated per start; never logged). Thread-safe.
/// </summary>
public sealed class SandboxFaults
{
    /// <summary>The header that carries <see cref="AdminKey"/>.</summary>
    public const string AdminKeyHeader = "X-Sandbox-Admin-Key";

    /// <summary>The admin endpoint's path below the sandbox's base URL.</summary>
    public const string AdminPath = "__admin/faults";

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private ISandboxTokenExpiry? _tokens;
    private readonly byte[] _adminKey;
    private FaultProfile _profile = new();
    private (DateTimeOffset Start, DateTimeOffset End)[] _outages = [];
    private Random _random = new();
    private int _injected;
    private long _requests, _delayed, _errors, _resets, _outageRejections, _tokenExpiries;

    /// <summary>A request's delay has started (counted once its timer exists, so a test advancing a fake clock on the count cannot run ahead of it).</summary>
    internal void DelayStarted() => Interlocked.Increment(ref _delayed);

    public SandboxFaults(string system, TimeProvider time, ISandboxTokenExpiry? tokens = null, FaultProfile? profile = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(system);
        System = system;
        _time = time;
        _tokens = tokens;
        AdminKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _adminKey = Encoding.UTF8.GetBytes(AdminKey);
        Apply(profile ?? new FaultProfile());
    }

    /// <summary>The system's name, e.g. <c>Fxiaoke</c> (as in <c>Sandbox:Fxiaoke:Faults</c>).</summary>
    public string System { get; }

    /// <summary>The key <c>/__admin/faults</c> requires in <see cref="AdminKeyHeader"/>. Fresh per start; do not log it.</summary>
    public string AdminKey { get; }

    /// <summary>
    /// The sandbox's token hook, when it has one. Settable for sandboxes whose token store exists only after the start
    /// (<c>faults.Tokens = new DelegateTokenExpiry(sandbox.Sessions.ExpireAll)</c>).
    /// </summary>
    public ISandboxTokenExpiry? Tokens
    {
        get => Volatile.Read(ref _tokens);
        set => Volatile.Write(ref _tokens, value);
    }

    internal TimeProvider Time => _time;

    /// <summary>A copy of the profile in force.</summary>
    public FaultProfile Profile
    {
        get
        {
            lock (_lock)
            {
                return _profile.Clone();
            }
        }
    }

    public FaultCounts Counts => new(
        Interlocked.Read(ref _requests), Interlocked.Read(ref _delayed), Interlocked.Read(ref _errors),
        Interlocked.Read(ref _resets), Interlocked.Read(ref _outageRejections), Interlocked.Read(ref _tokenExpiries));

    /// <summary>Replaces the profile (validated); outages without a start begin now; a seeded profile restarts its sequence.</summary>
    /// <exception cref="ArgumentException">The profile is invalid; the message lists every problem.</exception>
    public void Apply(FaultProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var errors = FaultProfileValidator.Validate(profile);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(profile));
        }

        var copy = profile.Clone();
        var now = _time.GetUtcNow();
        foreach (var outage in copy.Outages)
        {
            outage.Start ??= now;
        }

        lock (_lock)
        {
            _profile = copy;
            _outages = [.. copy.Outages.Select(o => (o.Start!.Value, o.Start!.Value + o.Duration))];
            _random = copy.Seed is { } seed ? new Random(seed) : new Random();
            _injected = 0;
        }
    }

    /// <summary>Turns every fault off.</summary>
    public void Clear() => Apply(new FaultProfile());

    /// <summary>Expires every token the system issued (once, now). False when the sandbox has no token hook.</summary>
    public bool ExpireTokens()
    {
        if (Tokens is null)
        {
            return false;
        }

        Tokens.ExpireAll();
        Interlocked.Increment(ref _tokenExpiries);
        return true;
    }

    /// <summary>Whether the profile in force applies to a request for <paramref name="path"/>.</summary>
    internal bool Covers(string path)
    {
        List<string> paths;
        lock (_lock)
        {
            paths = _profile.Paths;
        }

        return paths.Count == 0 || paths.Exists(p => path.StartsWith(p, StringComparison.Ordinal));
    }

    internal FaultDecision Decide()
    {
        Interlocked.Increment(ref _requests);
        FaultProfile p;
        double jitter;
        bool error, reset, expire;
        (DateTimeOffset Start, DateTimeOffset End)[] outages;
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            // Always four draws per request, so request n meets the same faults whatever the earlier requests met.
            p = _profile;
            outages = _outages;
            jitter = _random.NextDouble();
            var errorDraw = _random.NextDouble();
            var resetDraw = _random.NextDouble();
            var expiryDraw = _random.NextDouble();
            var allowed = p.MaxFaults is not { } max || _injected < max;
            var down = Array.Exists(outages, o => now >= o.Start && now < o.End);
            reset = allowed && !down && resetDraw < p.ResetRate;
            error = allowed && !down && !reset && errorDraw < p.ErrorRate;
            expire = allowed && !down && !reset && !error && expiryDraw < p.TokenExpiryRate && Tokens is not null;
            if (reset || error || expire)
            {
                _injected++;
            }
        }

        var delay = p.Latency + TimeSpan.FromTicks((long)(p.Jitter.Ticks * jitter));

        TimeSpan? outage = null;
        foreach (var (start, end) in outages)
        {
            if (now >= start && now < end)
            {
                var left = end - now;
                outage = outage is { } o && o > left ? o : left;
            }
        }

        if (outage is not null)
        {
            Interlocked.Increment(ref _outageRejections);
            return new FaultDecision(delay, outage, false, null, false);
        }

        if (reset)
        {
            Interlocked.Increment(ref _resets);
            return new FaultDecision(delay, null, true, null, false);
        }

        if (error)
        {
            Interlocked.Increment(ref _errors);
            return new FaultDecision(delay, null, false, p.ErrorStatus, false);
        }

        if (expire)
        {
            Interlocked.Increment(ref _tokenExpiries);
        }

        return new FaultDecision(delay, null, false, null, expire);
    }

    internal TimeSpan? ErrorRetryAfter
    {
        get
        {
            lock (_lock)
            {
                return _profile.ErrorRetryAfter;
            }
        }
    }

    internal bool IsAdminKey(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _adminKey);
}
