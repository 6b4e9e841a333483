using Microsoft.Extensions.Options;
using Npgsql;

namespace IntegrationHub.Storage;

/// <summary>Checks what attributes cannot: with <c>postgresql</c>, a connection string that Npgsql can read, naming a host and a database. The message never repeats the string (it may hold a password).</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        if (!options.IsPostgres)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("Store:ConnectionString is required when Store:Provider is 'postgresql'.");
        }

        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Store:ConnectionString is not a valid PostgreSQL connection string ({ex.GetType().Name}: a key or value is malformed).");
        }

        if (string.IsNullOrWhiteSpace(parsed.Host))
        {
            return ValidateOptionsResult.Fail("Store:ConnectionString must name a Host.");
        }

        return string.IsNullOrWhiteSpace(parsed.Database)
            ? ValidateOptionsResult.Fail("Store:ConnectionString must name a Database.")
            : ValidateOptionsResult.Success;
    }
}
