using IntegrationHub.Host.Receivables;

namespace IntegrationHub.Host.Http;

/// <summary>The <c>pageSize</c> of a paged listing (AIP-158): absent or 0 is the default, larger than the maximum is capped.</summary>
internal static class PageSizes
{
    /// <summary>The page size asked for in <paramref name="query"/>; a value that is not a whole number of at least 0 goes to <paramref name="problems"/>.</summary>
    public static int Read(IQueryCollection query, FinanceOptions options, IDictionary<string, string[]> problems)
    {
        if (query["pageSize"].ToString() is not { Length: > 0 } size)
        {
            return options.DefaultPageSize;
        }

        if (!int.TryParse(size, out var pageSize) || pageSize < 0)
        {
            problems["pageSize"] = [$"pageSize must be a whole number from 1 to {options.MaxPageSize} (larger values are capped, 0 means {options.DefaultPageSize})."];
            return options.DefaultPageSize;
        }

        return pageSize == 0 ? options.DefaultPageSize : Math.Min(pageSize, options.MaxPageSize);
    }
}
