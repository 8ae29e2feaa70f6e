using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TinyUNet.TestSupport;

/// <summary>
/// A loopback port free right now, so concurrent stacks on one machine do not collide. It is drawn below the kernel's
/// ephemeral range: a port the OS hands out (port 0) is one it may give again to any outgoing connection (a client of
/// the broker, the database, epmd) before the service meant for it binds, which once kept Orthanc from starting.
/// </summary>
public static class FreePort
{
    private const int Lowest = 20000;
    private static readonly ConcurrentDictionary<int, bool> Given = new();

    public static int Next()
    {
        int highest = EphemeralFloor() - 1;
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            int port = Random.Shared.Next(Lowest, highest + 1);
            if (!Given.TryAdd(port, true)) continue; // never the same port twice in one test process
            if (IsFree(port)) return port;
        }
        throw new InvalidOperationException($"No free loopback port between {Lowest} and {highest}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of net.ipv4.ip_local_port_range (32768 where it cannot be read, Linux's default).</summary>
    private static int EphemeralFloor()
    {
        const int linuxDefault = 32768;
        try
        {
            string[] range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(range[0], out int floor) && floor > Lowest + 1000 ? floor : linuxDefault;
        }
        catch (IOException)
        {
            return linuxDefault;
        }
    }
}
