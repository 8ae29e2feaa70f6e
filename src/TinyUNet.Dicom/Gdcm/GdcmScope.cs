namespace TinyUNet.Dicom.Gdcm;

/// <summary>
/// Owns the GDCM wrappers made while walking a data set and disposes them together, on the thread that made them
/// (GDCM thread-safety rule 3: refcounts are not atomic, finalizers would run elsewhere).
/// </summary>
internal sealed class GdcmScope : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public T Keep<T>(T wrapper) where T : IDisposable
    {
        _owned.Add(wrapper);
        return wrapper;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
    }
}
