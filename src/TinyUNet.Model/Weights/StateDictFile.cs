using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TinyUNet.Model.Weights;

/// <summary>
/// Reads a PyTorch state_dict from safetensors or from a torch.save'd .pth/.pt (via TorchSharp.PyBridge's
/// unpickler, which never executes code from the file). Checkpoints that wrap the state_dict
/// ({"state_dict": …}, {"model": …}) or carry DataParallel's "module." prefix are unwrapped.
/// </summary>
public static class StateDictFile
{
    private static readonly string[] WrapperKeys = ["state_dict", "model_state_dict", "model", "net"];

    /// <summary>Tensors by key, on the CPU. The caller owns (and disposes) them.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new ModelWeightsException($"Weight file not found: {path}");
        string extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            Dictionary<string, Tensor> tensors = extension switch
            {
                ".safetensors" => Safetensors.LoadStateDict(path),
                ".pth" or ".pt" or ".bin" or ".ckpt" => FromPickle(PyTorchUnpickler.UnpickleStateDict(path)),
                _ => throw new ModelWeightsException(
                    $"Unknown weight file type '{extension}' ({path}): expected .safetensors, .pth or .pt."),
            };
            return StripDataParallelPrefix(tensors);
        }
        catch (ModelWeightsException) { throw; }
        catch (Exception e)
        {
            throw new ModelWeightsException($"Cannot read weights from {path}: {e.Message}", inner: e);
        }
    }

    private static Dictionary<string, Tensor> FromPickle(Hashtable table)
    {
        foreach (string wrapper in WrapperKeys)
            if (table[wrapper] is Hashtable inner) return FromPickle(inner);

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            string key = entry.Key?.ToString() ?? "";
            tensors[key] = entry.Value as Tensor
                ?? throw new ModelWeightsException($"Entry '{key}' of the checkpoint is not a tensor.", key);
        }
        return tensors;
    }

    private static Dictionary<string, Tensor> StripDataParallelPrefix(Dictionary<string, Tensor> tensors)
    {
        const string prefix = "module.";
        if (tensors.Count == 0 || !tensors.Keys.All(k => k.StartsWith(prefix, StringComparison.Ordinal))) return tensors;
        return tensors.ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
    }
}
