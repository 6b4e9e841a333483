namespace IntegrationHub.Sandbox.Faults;

/// <summary>Adapts a sandbox's own "expire everything" method (e.g. <c>KingdeeSessions.ExpireAll</c>) to <see cref="ISandboxTokenExpiry"/>.</summary>
public sealed class DelegateTokenExpiry(Action expireAll) : ISandboxTokenExpiry
{
    public void ExpireAll() => expireAll();
}
