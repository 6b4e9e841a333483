using System.Collections.Concurrent;
using System.Reflection;
using Refit;

namespace IntegrationHub.Connectors.Http.VendorApis;

/// <summary>Whether the Refit interface method that built a request is marked idempotent (Refit's generated clients name it in the request options).</summary>
internal static class RefitMethods
{
    private static readonly HttpRequestOptionsKey<Type> InterfaceKey = new(HttpRequestMessageOptions.InterfaceType);
    private static readonly HttpRequestOptionsKey<string> MethodKey = new(HttpRequestMessageOptions.MethodName);
    private static readonly ConcurrentDictionary<(Type, string), bool> Marked = new();

    /// <summary>Whether the interface method that built <paramref name="request"/> carries <see cref="IdempotentAttribute"/>.</summary>
    public static bool IsMarkedIdempotent(HttpRequestMessage request) =>
        request.Options.TryGetValue(InterfaceKey, out var type) && request.Options.TryGetValue(MethodKey, out var method)
        && Marked.GetOrAdd((type, method), static key => key.Item1.GetMethods()
            .Where(m => m.Name == key.Item2)
            .Any(m => m.GetCustomAttribute<IdempotentAttribute>() is not null));
}
