namespace IntegrationHub.Sandbox.Faults;

/// <summary>
/// The hook through which fault injection expires a sandbox's credentials. A sandbox's token issuer (or session store)
/// implements it: after <see cref="ExpireAll"/>, every token or session issued so far is refused the way the vendor refuses an
/// expired one (Fxiaoke errorCode 20016, Kingdee "session lost", OAuth2 401), and the next login issues a new one.
/// </summary>
public interface ISandboxTokenExpiry
{
    void ExpireAll();
}
