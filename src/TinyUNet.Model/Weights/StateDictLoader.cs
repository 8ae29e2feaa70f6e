using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Model.Weights;

/// <summary>Copies a state_dict into a module strictly: every key present, no extra key, every shape equal.</summary>
public static class StateDictLoader
{
    /// <summary>Reads a weight file (see <see cref="StateDictFile"/>) and loads it strictly; the file's tensors are freed.</summary>
    public static void LoadStrict(nn.Module module, string path)
    {
        Dictionary<string, Tensor> source = StateDictFile.Read(path);
        try { LoadStrict(module, source); }
        finally { foreach (Tensor t in source.Values) t.Dispose(); }
    }

    public static void LoadStrict(nn.Module module, IReadOnlyDictionary<string, Tensor> source)
    {
        Dictionary<string, Tensor> target = module.state_dict();
        string? missing = target.Keys.Where(k => !source.ContainsKey(k)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (missing is not null)
            throw new ModelWeightsException(
                $"Missing key '{missing}' ({target.Keys.Count(k => !source.ContainsKey(k))} missing in all).", missing);

        string? unexpected = source.Keys.Where(k => !target.ContainsKey(k)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (unexpected is not null)
            throw new ModelWeightsException(
                $"Unexpected key '{unexpected}' ({source.Keys.Count(k => !target.ContainsKey(k))} unexpected in all).",
                unexpected);

        foreach (var (key, destination) in target)
        {
            Tensor value = source[key];
            if (!value.shape.SequenceEqual(destination.shape))
                throw new ModelWeightsException(
                    $"Shape mismatch for '{key}': file has [{string.Join(", ", value.shape)}], " +
                    $"the network expects [{string.Join(", ", destination.shape)}].", key);
            if (value.is_floating_point() != destination.is_floating_point())
                throw new ModelWeightsException(
                    $"Type mismatch for '{key}': file has {value.dtype}, the network expects {destination.dtype}.", key);
        }

        using var noGrad = no_grad();
        foreach (var (key, destination) in target)
        {
            using Tensor converted = source[key].to(destination.dtype, destination.device);
            destination.copy_(converted);
        }
    }
}
