using System.Net;
using System.Net.Sockets;

namespace TinyUNet.TestSupport;

/// <summary>A loopback port free right now (the OS picks it), so concurrent stacks on one machine do not collide.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
