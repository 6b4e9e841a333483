namespace IntegrationHub.Sandbox.Erp;

/// <summary>Where the generator pushes: set by the host once its HTTP server listens.</summary>
public sealed class OrderGeneratorTarget
{
    private readonly TaskCompletionSource<(Uri BaseUrl, string ApiKey)> _target = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set(Uri baseUrl, string apiKey) => _target.TrySetResult((baseUrl, apiKey));

    public Task<(Uri BaseUrl, string ApiKey)> WaitAsync(CancellationToken cancellationToken) => _target.Task.WaitAsync(cancellationToken);
}
