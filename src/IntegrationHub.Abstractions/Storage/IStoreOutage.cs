namespace IntegrationHub.Storage;

/// <summary>
/// Tells an outage of the hub's own store (it cannot answer for now: PostgreSQL down, restarting or refusing connections,
/// its pool exhausted; SQLite busy or locked past its timeout) from a failure of the work itself. An outage is nobody's
/// fault and passes: the HTTP API answers 503 with Retry-After, a consumed record waits without spending its attempts
/// (it is never dead-lettered for it), and a workflow run stops where it is instead of faulting, to be run again as after
/// a crash.
/// </summary>
public interface IStoreOutage
{
    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the store cannot answer for now.</summary>
    bool Is(Exception exception);
}
