using IntegrationHub.Host.Http;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IntegrationHub.Host.Tests.Http;

/// <summary>A store that cannot answer for now is a 503 with Retry-After, never a 500; other errors stay 500.</summary>
public sealed class StoreUnavailableTests
{
    [Fact]
    public async Task PostgresNotListening_IsA503WithRetryAfter_AndNoExceptionText()
    {
        await using var nowhere = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={LoopbackPorts.Free()};Username=hub;Password=secret-looking-value;Database=hub;Timeout=3");
        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await nowhere.OpenConnectionAsync());

        var (status, retryAfter, body) = await AnswerAsync(refused);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("5", retryAfter);
        Assert.Contains("Store unavailable", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-looking-value", body, StringComparison.Ordinal);
        Assert.DoesNotContain(refused.Message, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SqliteBusyPastItsTimeout_IsA503()
    {
        using var dir = new TempDirectory();
        var file = dir.File("busy.db");
        await using var holder = new SqliteConnection($"Data Source={file}");
        await holder.OpenAsync();
        await using var write = holder.BeginTransaction(deferred: false); // holds the write lock
        await using var other = new SqliteConnection($"Data Source={file};Default Timeout=1");
        await other.OpenAsync();
        await using var command = other.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE";
        var busy = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, (await AnswerAsync(busy)).Status);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, (await AnswerAsync(new InvalidOperationException("wrapped", busy))).Status);
    }

    [Fact]
    public async Task AnyOtherError_StaysA500()
    {
        var (status, retryAfter, _) = await AnswerAsync(new InvalidOperationException("boom"));

        Assert.Equal(StatusCodes.Status500InternalServerError, status);
        Assert.Null(retryAfter);
    }

    private static async Task<(int Status, string? RetryAfter, string Body)> AnswerAsync(Exception exception)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.Path = "/api/v1/orders";
        context.Response.Body = new MemoryStream();
        var handler = new HubExceptionHandler(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), IntegrationHub.Storage.StoreOutage.Instance, NullLogger<HubExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return (context.Response.StatusCode, context.Response.Headers.RetryAfter.FirstOrDefault(), body);
    }
}
