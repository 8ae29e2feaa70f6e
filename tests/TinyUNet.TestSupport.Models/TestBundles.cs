using TinyUNet.Model;
using TinyUNet.Model.Bundles;

namespace TinyUNet.TestSupport.Models;

/// <summary>What the test bundles share: a 3-channel, 4-class TinyU-Net saved with a manifest of the four COVID classes.</summary>
internal static class TestBundles
{
    public static string Save(string directory, TinyUNetNetwork network, string name, InputSpec input, string license)
    {
        ModelBundle.Save(directory, network, new ModelManifest
        {
            Name = name,
            Version = "0",
            Architecture = new ArchitectureInfo("TinyU-Net", TinyUNetNetwork.ArchitectureVersion, 3, 4),
            Input = input,
            Classes = [new(0, "background"), new(1, "lung"), new(2, "ggo"), new(3, "consolidation")],
            Weights = new WeightsInfo(ModelBundle.WeightsFileName, new string('0', 64)),
            Provenance = new Provenance("test", license, DateTimeOffset.UnixEpoch),
        });
        return directory;
    }
}
