namespace TinyUNet.Model.Bundles;

/// <summary>A model bundle that must not be used: unreadable or invalid manifest, or weights whose hash does not match.</summary>
public sealed class ModelBundleException(string message, Exception? inner = null) : Exception(message, inner);
