using IntegrationHub.Connectors.Http.Auth;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Connectors.Http.Tests.Auth;

public sealed class AccessTokenCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private int _fetches;

    [Fact]
    public async Task GetAsync_BeforeTheRefreshMargin_ReusesTheToken()
    {
        var cache = Cache(lifetime: TimeSpan.FromMinutes(30), margin: TimeSpan.FromMinutes(1));
        var first = await cache.GetAsync();

        _time.Advance(TimeSpan.FromMinutes(28));
        var second = await cache.GetAsync();

        Assert.Same(first, second);
        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task GetAsync_WithinTheRefreshMargin_RenewsEarly()
    {
        var cache = Cache(lifetime: TimeSpan.FromMinutes(30), margin: TimeSpan.FromMinutes(1));
        await cache.GetAsync();

        _time.Advance(TimeSpan.FromMinutes(29) + TimeSpan.FromSeconds(1));
        var renewed = await cache.GetAsync();

        Assert.Equal("token-2", renewed.Value);
    }

    [Fact]
    public async Task RenewAsync_TokenAlreadyReplacedByAnotherCaller_DoesNotFetchAgain()
    {
        var cache = Cache(lifetime: TimeSpan.FromMinutes(30), margin: TimeSpan.FromMinutes(1));
        var rejected = await cache.GetAsync();

        var a = await cache.RenewAsync(rejected);
        var b = await cache.RenewAsync(rejected);

        Assert.Same(a, b);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public void ToString_NeverShowsTheTokenValue() =>
        Assert.DoesNotContain("secret-token", new AccessToken("secret-token", TimeSpan.FromMinutes(1)).ToString());

    private AccessTokenCache Cache(TimeSpan lifetime, TimeSpan margin) =>
        new(_ => Task.FromResult(new AccessToken($"token-{Interlocked.Increment(ref _fetches)}", lifetime)), margin, _time);
}
