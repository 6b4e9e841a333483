namespace IntegrationHub.Host.Http;

/// <summary>The hub's problem+json answers for request problems (the correlation id is added by the problem details service).</summary>
internal static class Problems
{
    public static IResult Create(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>400 naming the JSON path of a body problem.</summary>
    public static IResult InvalidJson(JsonProblem problem, string title) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [problem.Path] = [problem.Message] }, title: title);

    /// <summary>400 naming one field.</summary>
    public static IResult Invalid(string field, string message, string title) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: title);
}
