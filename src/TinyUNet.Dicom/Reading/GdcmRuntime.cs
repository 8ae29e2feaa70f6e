namespace TinyUNet.Dicom.Reading;

/// <summary>
/// One-time GDCM process settings. Warnings off: GDCM prints recoverable oddities (and libjpeg's 12-bit retry)
/// on stderr, which would pollute the worker's structured logs; real failures still surface as return values.
/// </summary>
internal static class GdcmRuntime
{
    private static readonly Lazy<bool> Initialised = new(() =>
    {
        gdcm.Trace.WarningOff();
        return true;
    });

    public static void EnsureInitialised() => _ = Initialised.Value;
}
