using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using TinyUNet.Model.Weights;
using static TorchSharp.torch;

namespace TinyUNet.Model.Bundles;

/// <summary>
/// A model bundle is a folder holding manifest.json and the weights (safetensors). Loading verifies the manifest,
/// the weights' sha256 and every tensor's shape before the network is used.
/// </summary>
public sealed class ModelBundle : IDisposable
{
    public const string ManifestFileName = "manifest.json";
    public const string WeightsFileName = "weights.safetensors";

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private ModelBundle(string directory, ModelManifest manifest, TinyUNetNetwork network)
    {
        Directory = directory;
        Manifest = manifest;
        Network = network;
    }

    public string Directory { get; }
    public ModelManifest Manifest { get; }
    public TinyUNetNetwork Network { get; }

    /// <summary>The weights' sha256: the model's identity in results (SEG algorithm version, database runs).</summary>
    public string WeightsSha256 => Manifest.Weights.Sha256;

    public static ModelManifest ReadManifest(string directory)
    {
        string path = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(path)) throw new ModelBundleException($"Not a model bundle: {path} is missing.");
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelBundleException($"Invalid {path}: {e.Message}", e);
        }
        if (manifest is null) throw new ModelBundleException($"Invalid {path}: empty.");
        ModelManifestValidator.Validate(manifest);
        return manifest;
    }

    /// <summary>Loads and checks a bundle; the network is in eval mode on the CPU.</summary>
    public static ModelBundle Load(string directory)
    {
        ModelManifest manifest = ReadManifest(directory);
        string weightsPath = Path.Combine(directory, manifest.Weights.File);
        if (!File.Exists(weightsPath)) throw new ModelBundleException($"Bundle weights missing: {weightsPath}");
        string actual = Sha256Of(weightsPath);
        if (!string.Equals(actual, manifest.Weights.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new ModelBundleException(
                $"Weights hash mismatch in {directory}: manifest says {manifest.Weights.Sha256}, file is {actual}.");

        var network = new TinyUNetNetwork(manifest.Architecture.InChannels, manifest.Architecture.NumClasses);
        try
        {
            StateDictLoader.LoadStrict(network, weightsPath);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        network.eval();
        return new ModelBundle(directory, manifest, network);
    }

    /// <summary>
    /// Writes a bundle for <paramref name="network"/>: weights first, then the manifest with their hash, each via a
    /// temporary file and a rename so a reader never sees half a bundle.
    /// </summary>
    public static ModelManifest Save(string directory, TinyUNetNetwork network, ModelManifest manifest)
    {
        if (network.IsFused)
            throw new ModelBundleException("A fused network cannot be saved: bundles hold the unfused (trainable) form.");
        System.IO.Directory.CreateDirectory(directory);
        string weightsPath = Path.Combine(directory, WeightsFileName);
        string temporaryWeights = weightsPath + ".tmp";
        TorchSharp.PyBridge.Safetensors.SaveStateDict(temporaryWeights, network.state_dict());
        File.Move(temporaryWeights, weightsPath, overwrite: true);

        ModelManifest written = manifest with
        {
            Architecture = manifest.Architecture with { InChannels = network.InChannels, NumClasses = network.NumClasses },
            Weights = new WeightsInfo(WeightsFileName, Sha256Of(weightsPath)),
        };
        ModelManifestValidator.Validate(written);
        string manifestPath = Path.Combine(directory, ManifestFileName);
        File.WriteAllText(manifestPath + ".tmp", JsonSerializer.Serialize(written, JsonOptions));
        File.Move(manifestPath + ".tmp", manifestPath, overwrite: true);
        return written;
    }

    public static string Sha256Of(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose() => Network.Dispose();
}
