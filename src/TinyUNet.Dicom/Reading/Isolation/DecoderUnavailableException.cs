namespace TinyUNet.Dicom.Reading;

/// <summary>
/// The decoder child process cannot run at all (missing from the installation, refused to start): a fault of the
/// installation, not of any file, so no file is blamed for it.
/// </summary>
public sealed class DecoderUnavailableException(string message, Exception? inner = null)
    : InvalidOperationException(message, inner);
