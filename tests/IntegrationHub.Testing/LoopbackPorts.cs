using System.Net;
using System.Net.Sockets;

namespace IntegrationHub.Testing;

/// <summary>Ports on 127.0.0.1 for processes the tests start.</summary>
public static class LoopbackPorts
{
    /// <summary>A port nobody listened on a moment ago (free for a process to bind, or to stay unreachable).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
