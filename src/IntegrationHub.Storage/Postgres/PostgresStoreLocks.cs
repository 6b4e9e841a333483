using System.Text;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// <see cref="IStoreLocks"/> as PostgreSQL session advisory locks: the holder keeps the session (a connection of its own)
/// open while it holds the lock, so a node that dies, or whose connection breaks, releases it with its session.
/// </summary>
public sealed class PostgresStoreLocks(NpgsqlDataSource database) : IStoreLocks
{
    /// <summary>The first key of the two-key advisory locks of named turns ("LOCK").</summary>
    private const int LockClass = 0x4C4F434B;

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var take = connection.Command("SELECT pg_try_advisory_lock($1, $2)").With(LockClass).With(Key(name));
            if ((bool)(await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return new Held(connection, Key(name));
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>FNV-1a of the name's UTF-8 bytes: the same on every node (string hash codes differ per process).</summary>
    private static int Key(string name)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return unchecked((int)hash);
    }

    private sealed class Held(NpgsqlConnection connection, int key) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            try
            {
                await using var release = connection.Command("SELECT pg_advisory_unlock($1, $2)").With(LockClass).With(key);
                await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The session is gone, and the lock with it.
            }
            finally
            {
                // Back to the pool: the lock was released above, or went with a broken session.
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
