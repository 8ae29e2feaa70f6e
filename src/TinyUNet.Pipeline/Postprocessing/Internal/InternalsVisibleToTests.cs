using System.Runtime.CompilerServices;

// The guard's in-plane steps (DiscDilation above all) are checked against brute-force references directly: through
// LungGuard alone a wrong chord would show only as a slightly different margin.
[assembly: InternalsVisibleTo("TinyUNet.Pipeline.Tests")]
