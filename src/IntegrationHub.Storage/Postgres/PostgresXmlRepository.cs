using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace IntegrationHub.Storage.Postgres;

/// <summary>
/// ASP.NET Core Data Protection's key ring in <c>data_protection_keys</c>, so every node protects and unprotects with the
/// same keys (the finance API's page tokens are read by whichever node a client's next page reaches). The keys are
/// stored as Data Protection wrote them; encrypting them at rest is the database's (or an <c>IXmlEncryptor</c>'s) job.
/// </summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource database, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenConnection();
        using var command = connection.Command("SELECT xml FROM data_protection_keys ORDER BY created_at, name");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = database.OpenConnection();
        using var command = connection.Command("INSERT INTO data_protection_keys (name, xml, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
            .WithText(friendlyName).WithText(element.ToString(SaveOptions.DisableFormatting)).With(time.GetUtcNow());
        command.ExecuteNonQuery();
    }
}
