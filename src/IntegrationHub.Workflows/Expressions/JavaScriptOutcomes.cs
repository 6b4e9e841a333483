namespace IntegrationHub.Workflows.Expressions;

/// <summary>
/// The outcome a script chooses with Elsa's <c>setOutcome</c> / <c>setOutcomes</c>, collected for the RunJavaScript
/// activity that runs it (an async-local capture around the script's evaluation). Outside RunJavaScript the functions
/// fault the expression, as they mean nothing on an input.
/// </summary>
internal sealed class JavaScriptOutcomes : IDisposable
{
    private static readonly AsyncLocal<JavaScriptOutcomes?> Current = new();
    private readonly JavaScriptOutcomes? _outer;

    private JavaScriptOutcomes(JavaScriptOutcomes? outer) => _outer = outer;

    public string? Chosen { get; private set; }

    public static JavaScriptOutcomes Capture()
    {
        var capture = new JavaScriptOutcomes(Current.Value);
        Current.Value = capture;
        return capture;
    }

    public static void Set(IReadOnlyList<string> outcomes)
    {
        var capture = Current.Value ?? throw new InvalidOperationException("setOutcome works in Elsa.RunJavaScript (the hub's RunJavaScript) only, not in an input's expression");
        capture.Chosen = outcomes.Count switch
        {
            1 => outcomes[0],
            0 => null,
            _ => throw new InvalidOperationException($"setOutcomes with {outcomes.Count} outcomes: the hub completes an activity with one outcome"),
        };
    }

    public void Dispose() => Current.Value = _outer;
}
