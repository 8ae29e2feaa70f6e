using TinyUNet.Model;
using TinyUNet.Model.Bundles;
using static TorchSharp.torch;

namespace TinyUNet.TestSupport.Models;

/// <summary>
/// A real TinyU-Net bundle whose weights answer "lung field" everywhere (every weight zero, final bias favouring
/// class 1), so volumes downstream are known exactly without a trained model. Used by the pipeline and worker tests.
/// </summary>
public static class AllLungModelBundle
{
    public const int InputSize = 64;

    /// <param name="framing">The bundle's slice framing (body crop, orientation); null = whole slices as stored.</param>
    /// <param name="lungBias">The final bias of class 1; NaN makes a model whose every score is NaN (a broken bundle).</param>
    public static string Write(string directory, SliceFraming? framing = null, float lungBias = 4)
    {
        using var network = new TinyUNetNetwork(3, 4);
        using (no_grad())
        {
            foreach (var (name, tensor) in network.state_dict())
                if (name.EndsWith("running_var", StringComparison.Ordinal)) tensor.fill_(1);
                else if (tensor.is_floating_point()) tensor.zero_();
            network.state_dict()["final_conv.bias"].copy_(tensor(new float[] { 0, lungBias, 0, 0 }));
        }
        return TestBundles.Save(directory, network, "all-lung-test-model",
            new InputSpec(InputSize, InputSize, [new(-600, 1500), new(-600, 1500), new(-600, 1500)], framing), "MIT");
    }
}
